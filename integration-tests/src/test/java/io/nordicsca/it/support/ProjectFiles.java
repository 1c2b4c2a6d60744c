package io.nordicsca.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files of this repository, found from the build (Surefire passes the project root). */
public final class ProjectFiles {

    private ProjectFiles() {
    }

    public static Path root() {
        String root = System.getProperty("nordicsca.project.root");
        Path path = root != null ? Path.of(root) : Path.of("..");
        return path.toAbsolutePath().normalize();
    }

    public static Path resolve(String relative) {
        return root().resolve(relative);
    }

    public static String read(String relative) {
        try {
            return Files.readString(resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
