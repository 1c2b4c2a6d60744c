package io.nordicsca.it;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.nordicsca.it.support.ProjectFiles;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No Docker engine runs where we build, so these files are checked against the build instead:
 * same Keycloak version as the pom, jars that the build really produces, files that exist.
 */
public class DockerFilesTest {

    private final String dockerfile = ProjectFiles.read("docker/Dockerfile");
    private final String compose = ProjectFiles.read("docker/compose.yaml");
    private final String envExample = ProjectFiles.read("docker/.env.example");
    private final String rootPom = ProjectFiles.read("pom.xml");

    @Test
    void dockerfileUsesThePomsKeycloakVersion() {
        String pomVersion = single(Pattern.compile("<keycloak\\.version>([^<]+)</keycloak\\.version>"), rootPom);
        assertEquals(System.getProperty("keycloak.version"), pomVersion);

        assertEquals(pomVersion, single(Pattern.compile("(?m)^ARG KEYCLOAK_VERSION=(\\S+)$"), dockerfile));
        assertTrue(dockerfile.contains("FROM quay.io/keycloak/keycloak:${KEYCLOAK_VERSION} AS keycloak-build"));
        assertTrue(dockerfile.contains("FROM quay.io/keycloak/keycloak:${KEYCLOAK_VERSION}\n"));
    }

    @Test
    void jarsTheDockerfileCopiesAreTheOnesTheBuildProduces() throws IOException {
        Matcher copy = Pattern.compile("cp (\\S+/target/)(\\S+)-\\*\\.jar").matcher(dockerfile);
        List<String> copied = new ArrayList<>();
        while (copy.find()) {
            Path target = ProjectFiles.resolve(copy.group(1));
            String artifactId = copy.group(2);
            copied.add(artifactId);
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, artifactId + "-*.jar")) {
                assertTrue(jars.iterator().hasNext(), "the build made no " + artifactId + " jar in " + target);
            }
        }
        assertEquals(List.of("nordic-sca-authenticators", "nordic-sca-theme"), copied);
    }

    @Test
    void dockerfileCopiesEveryModulePomTheReactorNeeds() {
        String defaultModules = rootPom.split("<profiles>")[0]; // profile modules (the demo) are not built in Docker
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(defaultModules);
        while (module.find()) {
            String name = module.group(1);
            assertTrue(dockerfile.contains("COPY " + name + "/") || dockerfile.contains("COPY " + name + "/pom.xml"),
                    "the jar stage cannot load the reactor without module " + name);
        }
    }

    @Test
    void filesCopiedFromTheRepositoryExist() {
        Matcher copy = Pattern.compile("(?m)^COPY (?!--from)(.+) (\\S+)$").matcher(dockerfile);
        int checked = 0;
        while (copy.find()) {
            for (String source : copy.group(1).trim().split("\\s+")) {
                assertTrue(Files.exists(ProjectFiles.resolve(source)), "Dockerfile copies " + source + ", which does not exist");
                checked++;
            }
        }
        assertTrue(dockerfile.contains("COPY realm-config/nordic-bank-realm.json /opt/keycloak/data/import/"));
        assertTrue(checked >= 6, "expected the Dockerfile to copy sources and the realm, checked " + checked);
    }

    @Test
    void composeBuildsThisDockerfileAndEveryVariableIsDocumented() throws IOException {
        // compose resolves the context from the compose file's folder, and the dockerfile from the context
        Path context = ProjectFiles.resolve("docker").resolve(single(Pattern.compile("(?m)^\\s+context: (\\S+)$"), compose));
        Path built = context.resolve(single(Pattern.compile("(?m)^\\s+dockerfile: (\\S+)$"), compose));
        assertTrue(Files.isSameFile(ProjectFiles.resolve("docker/Dockerfile"), built), "compose builds " + built);
        assertTrue(Files.isSameFile(ProjectFiles.resolve("."), context), "the build context is the repository root");

        Set<String> used = new TreeSet<>();
        Matcher variable = Pattern.compile("\\$\\{([A-Z0-9_]+)").matcher(compose);
        while (variable.find()) {
            used.add(variable.group(1));
        }
        Set<String> documented = new TreeSet<>();
        Matcher line = Pattern.compile("(?m)^([A-Z0-9_]+)=(.*)$").matcher(envExample);
        while (line.find()) {
            documented.add(line.group(1));
            if (line.group(1).endsWith("PASSWORD") || line.group(1).endsWith("TOKEN") || line.group(1).endsWith("SECRET")) {
                assertTrue(line.group(2).isBlank(), line.group(1) + " must have no value in .env.example");
            }
        }
        assertFalse(used.isEmpty());
        assertEquals(used, documented, "variables used by compose.yaml vs. documented in .env.example");
        assertTrue(documented.containsAll(Set.of("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN")));
    }

    @Test
    void theContainerImageTestBuildsThisDockerfileOnlyInTheDockerProfile() {
        String profiles = rootPom.split("<profiles>")[1];
        Matcher docker = Pattern.compile("<id>docker</id>\\s*<modules>\\s*<module>docker-tests</module>\\s*</modules>").matcher(profiles);
        assertTrue(docker.find(), "the root pom's profile docker adds the module docker-tests");
        assertFalse(rootPom.split("<profiles>")[0].contains("<module>docker-tests</module>"),
                "the image test needs a Docker engine: never in the default build");
        for (String ci : List.of("test.sh", ".ci/run")) {
            assertFalse(ProjectFiles.read(ci).contains("-Pdocker"), ci + " must not run the image test");
        }

        String imageTest = ProjectFiles.read("docker-tests/src/test/java/io/nordicsca/docker/DockerBuildContext.java");
        assertTrue(imageTest.contains("DOCKERFILE = \"docker/Dockerfile\""), "the image test builds docker/Dockerfile");
        assertTrue(ProjectFiles.read("docker-tests/pom.xml").contains("<artifactId>testcontainers-keycloak</artifactId>"));
    }

    @Test
    void theBuildContextLeavesOutBuildOutputAndTheSecretsFile() {
        List<String> ignored = ProjectFiles.read(".dockerignore").lines().map(String::trim).toList();
        assertTrue(ignored.contains("**/target/"), "stale jars in target/ would reach the image's build");
        assertTrue(ignored.contains("docker/.env"), "docker/.env holds the passwords");
        assertTrue(ignored.contains(".demo/"), "the demo's database and credentials");
    }

    private static String single(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertTrue(matcher.find(), "no match for " + pattern);
        String value = matcher.group(1);
        assertFalse(matcher.find(), "more than one match for " + pattern);
        return value;
    }
}
