package io.nordicsca.it.support;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The test server's log file ({@link NordicScaServerConfig} turns on Keycloak's file log), read
 * from a mark on, so a test sees only what the server logged while it ran.
 */
public final class ServerLog {

    public static final Path FILE = Path.of(System.getProperty("nordicsca.project.root", ".."),
            "integration-tests", "target", "keycloak-server.log").toAbsolutePath().normalize();

    private final long start;

    private ServerLog(long start) {
        this.start = start;
    }

    /** Marks the end of the log as it is now. */
    public static ServerLog mark() {
        try {
            return new ServerLog(Files.exists(FILE) ? Files.size(FILE) : 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Everything logged since the mark. */
    public String sinceMark() {
        try (RandomAccessFile file = new RandomAccessFile(FILE.toFile(), "r")) {
            long length = file.length();
            byte[] bytes = new byte[(int) Math.max(0, length - start)];
            file.seek(Math.min(start, length));
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the server log " + FILE, e);
        }
    }
}
