package io.nordicsca.companion;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The companion's memory between runs: one device in a JSON file (by default
 * {@code ~/.nordic-sca-companion.json}). It holds the private key, so the file is written
 * owner-only where the file system has POSIX permissions, and replaced in one move so that a
 * crash never leaves half a key behind.
 */
public final class DeviceState {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private DeviceState() {
    }

    public static Path defaultPath() {
        return Path.of(System.getProperty("user.home"), ".nordic-sca-companion.json");
    }

    public static void save(Device device, Path file) throws IOException {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("api", device.api());
        state.put("deviceId", device.deviceId());
        state.put("activeFrom", device.activeFrom());
        state.put("privateKey", device.keys().privateKeyPkcs8());
        state.put("publicKey", device.keys().publicJwk());
        byte[] json = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(state);

        Path target = file.toAbsolutePath();
        Path directory = target.getParent();
        Files.createDirectories(directory);
        boolean posix = Files.getFileStore(directory).supportsFileAttributeView(PosixFileAttributeView.class);
        Path temporary = posix
                ? Files.createTempFile(directory, ".nordic-sca-companion", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(directory, ".nordic-sca-companion", ".tmp");
        try {
            Files.write(temporary, json);
            try {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** The saved device; IllegalArgumentException when the file is not a companion state file. */
    public static Device load(Path file) throws IOException {
        JsonNode state = Json.parse(Files.readAllBytes(file));
        String api = Json.textOrNull(state, "api");
        String deviceId = Json.textOrNull(state, "deviceId");
        String privateKey = Json.textOrNull(state, "privateKey");
        JsonNode publicKey = state.get("publicKey");
        if (api == null || deviceId == null || privateKey == null || publicKey == null || !publicKey.isObject()) {
            throw new IllegalArgumentException(file + " is not a companion state file (api, deviceId, privateKey, publicKey)");
        }
        Map<String, Object> jwk = Json.MAPPER.convertValue(publicKey, new TypeReference<Map<String, Object>>() { });
        return new Device(api, deviceId, DeviceKeys.restore(privateKey, jwk), state.path("activeFrom").asLong(0));
    }
}
