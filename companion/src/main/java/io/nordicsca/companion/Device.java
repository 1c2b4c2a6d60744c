package io.nordicsca.companion;

/**
 * One enrolled device as the phone knows it: where its bank's device API is, the id the server
 * gave it, and its key pair. This is all the state a phone keeps ({@link DeviceState} saves it).
 *
 * @param api        the device API base, {@code {server}/realms/{realm}/nordic-sca-device}
 * @param deviceId   the server's credential id, sent as {@code kid} on every signed call
 * @param keys       the device's key pair
 * @param activeFrom epoch seconds from which the server accepts this device; 0 when not told
 */
public record Device(String api, String deviceId, DeviceKeys keys, long activeFrom) {

    public Device withKeys(String newDeviceId, DeviceKeys newKeys) {
        return new Device(api, newDeviceId, newKeys, activeFrom);
    }
}
