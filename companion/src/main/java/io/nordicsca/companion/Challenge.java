package io.nordicsca.companion;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One sign-in waiting for this device's answer, as {@code challenges/pending} lists it.
 *
 * @param requestedAt    epoch seconds
 * @param expiresAt      epoch seconds
 * @param mode           {@code compare}, {@code select} or {@code enter}
 * @param eventId        the event ID to show; only in compare mode, otherwise null (the app must
 *                       not know the answer when the user is to pick or type it)
 * @param eventIdOptions the three event IDs to offer; only in select mode, otherwise empty
 * @param payment        the payment this sign-in approves, to show and sign; null for a sign-in alone
 * @param purpose        why the client asks, for a request no browser of the customer started (CIBA); else null
 * @param decoupled      true for such a request (a call centre, a branch, a partner): no browser waits,
 *                       the event ID is the one the caller reads out; {@code ip} and {@code browser} are empty
 */
public record Challenge(String id, String client, long requestedAt, long expiresAt, String ip, String browser,
                        String mode, String eventId, List<String> eventIdOptions, Payment payment, String purpose, boolean decoupled) {

    public static final String COMPARE = "compare";
    public static final String SELECT = "select";
    public static final String ENTER = "enter";

    public Challenge {
        eventIdOptions = eventIdOptions == null ? List.of() : List.copyOf(eventIdOptions);
    }

    static Challenge from(JsonNode json) {
        List<String> options = new ArrayList<>();
        for (JsonNode option : json.path("eventIdOptions")) {
            options.add(option.asText());
        }
        return new Challenge(Json.textOrNull(json, "id"), Json.textOrNull(json, "client"),
                epochSeconds(json.get("requestedAt")), epochSeconds(json.get("expiresAt")),
                Json.textOrNull(json, "ip"), Json.textOrNull(json, "browser"), Json.textOrNull(json, "mode"),
                Json.textOrNull(json, "eventId"), options, Payment.from(json.get("payment")),
                Json.textOrNull(json, "purpose"), json.path("decoupled").asBoolean(false));
    }

    /** The device API sends epoch seconds; an ISO-8601 instant is read too rather than misread as 0. */
    private static long epochSeconds(JsonNode value) {
        if (value == null || value.isNull()) {
            return 0;
        }
        if (value.isNumber()) {
            return value.asLong();
        }
        try {
            return Instant.parse(value.asText()).getEpochSecond();
        } catch (DateTimeParseException e) {
            return value.asLong(0);
        }
    }
}
