package io.nordicsca.keycloak.app;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One sign-in waiting for the customer's approval in the app, as every node reads it from the
 * single-use store. It never changes once made; the answer is stored beside it ({@link Challenges}).
 *
 * @param options    the event IDs the app offers in {@code select} mode (the right one among them)
 * @param browserKey the secret the waiting browser page presents to read the status
 */
record ApprovalChallenge(String id, String realmId, String userId, String eventId, List<String> options, String mode,
                         String client, String ip, String browser, long requestedAt, long expiresAt, String browserKey) {

    Map<String, String> toNotes() {
        Map<String, String> notes = new HashMap<>();
        notes.put("id", id);
        notes.put("realm", realmId);
        notes.put("user", userId);
        notes.put("eventId", eventId);
        notes.put("options", String.join(",", options));
        notes.put("mode", mode);
        notes.put("client", client);
        notes.put("ip", ip);
        notes.put("browser", browser);
        notes.put("requestedAt", String.valueOf(requestedAt));
        notes.put("expiresAt", String.valueOf(expiresAt));
        notes.put("browserKey", browserKey);
        return notes;
    }

    static ApprovalChallenge of(Map<String, String> notes) {
        return new ApprovalChallenge(notes.get("id"), notes.get("realm"), notes.get("user"), notes.get("eventId"),
                notes.get("options").isEmpty() ? List.of() : Arrays.asList(notes.get("options").split(",")), notes.get("mode"),
                notes.get("client"), notes.get("ip"), notes.get("browser"), Long.parseLong(notes.get("requestedAt")),
                Long.parseLong(notes.get("expiresAt")), notes.get("browserKey"));
    }

    boolean expired(long now) {
        return now >= expiresAt;
    }

    /** What the app is shown: the event ID itself only in compare mode, the options in select mode. */
    Map<String, Object> forApp() {
        Map<String, Object> shown = new HashMap<>();
        shown.put("id", id);
        shown.put("client", client);
        shown.put("requestedAt", requestedAt);
        shown.put("expiresAt", expiresAt);
        shown.put("ip", ip);
        shown.put("browser", browser);
        shown.put("mode", mode);
        if (VerificationMode.COMPARE.id().equals(mode)) {
            shown.put("eventId", eventId);
        } else if (VerificationMode.SELECT.id().equals(mode)) {
            shown.put("eventIdOptions", options);
        }
        return shown;
    }
}
