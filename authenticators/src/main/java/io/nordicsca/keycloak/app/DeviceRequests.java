package io.nordicsca.keycloak.app;

import java.io.IOException;
import java.security.PublicKey;
import java.util.Map;

import io.nordicsca.keycloak.PlainText;
import org.keycloak.util.JsonSerialization;

/**
 * The device API's request bodies, each parsed once into a record before anything is looked up:
 * field names, length limits and plain-text checks in one place (docs/device-api.yaml). A field
 * that fails is refused with 400 and the field's name.
 */
final class DeviceRequests {

    static final String ENROLL_TYPE = "nordic-sca-enroll+jwt";
    static final String ROTATE_TYPE = "nordic-sca-rotate+jwt";

    private DeviceRequests() {
    }

    /**
     * {@code POST enroll}, a JSON object: the single-use {@code token} from the QR code, the device's
     * {@code publicKey} (JWK) and a {@code proof} of possession (a JWS by that key over the token),
     * and how the phone calls itself. The proof is parsed here, verified by {@link DeviceAnswers#enroll}.
     */
    record Enroll(String token, Map<String, Object> jwk, PublicKey publicKey, DeviceJws proof, String name, String platform,
                  String pushToken) {

        @SuppressWarnings("unchecked")
        static Enroll parse(String json) {
            Map<String, Object> request;
            try {
                request = JsonSerialization.readValue(json, Map.class);
            } catch (IOException | RuntimeException e) {
                request = null;
            }
            if (request == null) {
                throw new DeviceRefusal(400, "invalid_request", "the body must be a JSON object");
            }
            String token = text(request, "token", 64);
            Map<String, Object> jwk = request.get("publicKey") instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
            PublicKey key = key(jwk);
            DeviceJws proof = jws(text(request, "proof", DeviceJws.MAX_LENGTH), ENROLL_TYPE);
            return new Enroll(token, jwk, key, proof, optionalText(request, "name", 64, "App"),
                    optionalText(request, "platform", 32, "unknown"), optionalText(request, "pushToken", 4096, null));
        }
    }

    /**
     * {@code POST challenges/answer}, signed: which challenge, the customer's decision and, to approve,
     * the event ID typed or picked and, for a payment, the {@code transaction_hash} the app computed
     * from the payment it showed (null when the call has none).
     */
    record Answer(String challengeId, Decision decision, String eventId, String transactionHash) {

        static final String TRANSACTION_HASH = "transaction_hash";

        /** What the customer pressed; null in a request when it is none of these (refused once the challenge is found). */
        enum Decision {
            APPROVE, DENY, NOT_ME;

            static Decision of(String claim) {
                return switch (claim == null ? "" : claim) {
                    case "approve" -> APPROVE;
                    case "deny" -> DENY;
                    case "not-me" -> NOT_ME;
                    default -> null;
                };
            }
        }

        static Answer of(DeviceJws call) {
            Object hash = call.payload().get(TRANSACTION_HASH);
            // Whatever the app sent counts as its claim to a payment; only the payment's own hash matches it.
            return new Answer(call.text("challengeId"), Decision.of(call.text("decision")), call.text("eventId"),
                    hash == null ? null : String.valueOf(hash));
        }
    }

    /** {@code POST rotate-key}, signed by the old key: the new {@code publicKey} and a {@code proof} by it over this call's jti. */
    record RotateKey(Map<String, Object> jwk, PublicKey publicKey, DeviceJws proof) {

        @SuppressWarnings("unchecked")
        static RotateKey of(DeviceJws call) {
            Map<String, Object> jwk = call.payload().get("publicKey") instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
            PublicKey key = key(jwk);
            return new RotateKey(jwk, key, jws(call.text("proof"), ROTATE_TYPE));
        }
    }

    /** {@code POST activations/cancel}, signed: the waiting phone's {@code deviceId} ({@code <user id>.<credential id>}). */
    record CancelActivation(DeviceId deviceId) {

        static CancelActivation of(DeviceJws call) {
            return new CancelActivation(DeviceId.parse(call.text("deviceId")));
        }
    }

    static DeviceJws jws(String compact, String type) {
        try {
            return DeviceJws.parse(compact, type);
        } catch (IllegalArgumentException e) {
            throw new DeviceRefusal(400, "invalid_jws", e.getMessage());
        }
    }

    private static PublicKey key(Map<String, Object> jwk) {
        try {
            return DeviceKeys.publicKey(jwk);
        } catch (IllegalArgumentException e) {
            throw new DeviceRefusal(400, "invalid_key", e.getMessage());
        }
    }

    private static String text(Map<String, Object> request, String field, int maxLength) {
        if (!(request.get(field) instanceof String value) || value.isBlank() || value.length() > maxLength || !PlainText.isOneLine(value)) {
            throw new DeviceRefusal(400, "invalid_request", field + " is required (at most " + maxLength + " characters of plain text on one line)");
        }
        return value;
    }

    private static String optionalText(Map<String, Object> request, String field, int maxLength, String fallback) {
        return request.get(field) == null ? fallback : text(request, field, maxLength);
    }
}
