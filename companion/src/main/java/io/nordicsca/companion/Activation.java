package io.nordicsca.companion;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A new phone of the same customer that is waiting for its activation delay to pass, as
 * {@code challenges/pending} lists it to the customer's usable phone: the bank's "new device"
 * notice. If the customer did not add it, {@link DeviceClient#cancelActivation} stops it.
 *
 * @param deviceId   the new phone's device id
 * @param name       its name as it enrolled (e.g. "Pixel 8")
 * @param platform   e.g. "android"
 * @param enrolledAt epoch seconds
 * @param activeFrom epoch seconds from which it would replace (or join) this phone
 */
public record Activation(String deviceId, String name, String platform, long enrolledAt, long activeFrom) {

    static Activation from(JsonNode json) {
        return new Activation(Json.textOrNull(json, "deviceId"), Json.textOrNull(json, "name"), Json.textOrNull(json, "platform"),
                json.path("enrolledAt").asLong(0), json.path("activeFrom").asLong(0));
    }
}
