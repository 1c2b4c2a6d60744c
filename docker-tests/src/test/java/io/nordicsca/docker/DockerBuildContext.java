package io.nordicsca.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The image of docker/Dockerfile, built the way {@code docker build -f docker/Dockerfile .} builds it from the
 * repository root: the context holds exactly what the Dockerfile's COPY lines name, less what .dockerignore
 * leaves out (target/ folders and the like), so a build on a developer's machine sends no stale jars.
 */
final class DockerBuildContext {

    static final String DOCKERFILE = "docker/Dockerfile";

    private static final Pattern COPY = Pattern.compile("(?m)^COPY (?!--from)(.+) (\\S+)$");

    private DockerBuildContext() {
    }

    static Path projectRoot() {
        String root = System.getProperty("nordicsca.project.root");
        return (root != null ? Path.of(root) : Path.of("..")).toAbsolutePath().normalize();
    }

    static String read(String relative) {
        try {
            return Files.readString(projectRoot().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Builds the image (blocking) and answers its name; Testcontainers removes it when the JVM ends. */
    static String buildImage() {
        Path root = projectRoot();
        ImageFromDockerfile image = new ImageFromDockerfile("nordic-sca-keycloak-test", true)
                // docker build -f docker/Dockerfile . : the same file, as the context's default Dockerfile.
                .withFileFromPath("Dockerfile", root.resolve(DOCKERFILE));
        contextFiles().forEach(file -> image.withFileFromPath(file, root.resolve(file)));
        return image.get();
    }

    /** The files sent as the build context, relative to the repository root (sorted). */
    static List<String> contextFiles() {
        Path root = projectRoot();
        List<String> ignored = ignoredPatterns(read(".dockerignore"));
        List<String> files = new ArrayList<>();
        for (String source : copiedSources(read(DOCKERFILE))) {
            try (Stream<Path> walk = Files.walk(root.resolve(source))) {
                walk.filter(Files::isRegularFile)
                        .map(root::relativize)
                        .filter(file -> !isIgnored(file, ignored))
                        .forEach(file -> files.add(file.toString().replace('\\', '/')));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        files.sort(null);
        return files;
    }

    /** Every repository path the Dockerfile copies (COPY from another stage excluded). */
    static List<String> copiedSources(String dockerfile) {
        List<String> sources = new ArrayList<>();
        Matcher copy = COPY.matcher(dockerfile);
        while (copy.find()) {
            for (String source : copy.group(1).trim().split("\\s+")) {
                sources.add(source.endsWith("/") ? source.substring(0, source.length() - 1) : source);
            }
        }
        return sources;
    }

    /**
     * The .dockerignore patterns this repository uses: {@code dir/} (a folder at the root) and {@code **}{@code /dir/}
     * (a folder of that name anywhere). Anything else stops the build, rather than sending files Docker would not.
     */
    static List<String> ignoredPatterns(String dockerignore) {
        List<String> patterns = new ArrayList<>();
        for (String line : dockerignore.split("\n")) {
            String pattern = line.trim();
            if (pattern.isEmpty() || pattern.startsWith("#")) {
                continue;
            }
            if (!pattern.matches("(\\*\\*/)?[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*/?")) {
                throw new IllegalStateException(".dockerignore pattern this test cannot apply: " + pattern);
            }
            patterns.add(pattern.endsWith("/") ? pattern.substring(0, pattern.length() - 1) : pattern);
        }
        return patterns;
    }

    static boolean isIgnored(Path file, List<String> patterns) {
        String path = file.toString().replace('\\', '/');
        for (String pattern : patterns) {
            if (pattern.startsWith("**/")) {
                String name = pattern.substring(3);
                if (("/" + path + "/").contains("/" + name + "/")) {
                    return true;
                }
            } else if (path.equals(pattern) || path.startsWith(pattern + "/")) {
                return true;
            }
        }
        return false;
    }
}
