package io.nordicsca.companion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceStateTest {

    @TempDir
    Path directory;

    @Test
    void roundTrip() throws Exception {
        Device device = new Device("https://bank.example/realms/r/nordic-sca-device", "dev-1", DeviceKeys.generate(), 1_700_000_000L);
        Path file = directory.resolve("sub/state.json");
        DeviceState.save(device, file);

        Device loaded = DeviceState.load(file);
        assertEquals(device.api(), loaded.api());
        assertEquals(device.deviceId(), loaded.deviceId());
        assertEquals(device.activeFrom(), loaded.activeFrom());
        assertArrayEquals(device.keys().privateKey().getEncoded(), loaded.keys().privateKey().getEncoded());
        assertEquals(device.keys().publicJwk(), loaded.keys().publicJwk());

        if (Files.getFileStore(directory).supportsFileAttributeView(PosixFileAttributeView.class)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void saveReplacesAndStaysOwnerOnly() throws Exception {
        Path file = directory.resolve("state.json");
        Files.writeString(file, "{}");
        Device device = new Device("https://bank.example/d", "dev-2", DeviceKeys.generate(), 0);
        DeviceState.save(device, file);
        assertEquals("dev-2", DeviceState.load(file).deviceId());
        if (Files.getFileStore(directory).supportsFileAttributeView(PosixFileAttributeView.class)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
    }

    @Test
    void somethingElseIsNotAStateFile() throws Exception {
        Path file = directory.resolve("other.json");
        Files.writeString(file, "{\"api\":\"https://x\"}");
        assertThrows(IllegalArgumentException.class, () -> DeviceState.load(file));
        Files.writeString(file, "not json");
        assertThrows(IllegalArgumentException.class, () -> DeviceState.load(file));
    }
}
