package io.nordicsca.keycloak.app;

import java.util.HashMap;
import java.util.Map;

import org.keycloak.common.util.SecretGenerator;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * Enrollment tokens: short-lived, single use, in the shared store. The required action makes one
 * for the QR code and keeps at most one live per sign-in (it revokes the last one on every new
 * page, on "later" and on success); the device API takes it exactly once ({@code remove} hands
 * the entry to one caller only) and leaves a note for the waiting page that the phone is enrolled.
 */
final class EnrollmentTokens {

    static final long LIFESPAN_SECONDS = 300;
    private static final String PREFIX = "nordic-sca.app.enroll.";

    /** What the token allows: this user in this realm, with the action's settings. */
    record Grant(String realmId, String userId, long activationDelaySeconds, boolean keepOtherDevices) {
    }

    private EnrollmentTokens() {
    }

    static String issue(SingleUseObjectProvider store, Grant grant) {
        String token = SecretGenerator.getInstance().randomString(32);
        Map<String, String> notes = new HashMap<>();
        notes.put("realm", grant.realmId());
        notes.put("user", grant.userId());
        notes.put("delay", String.valueOf(grant.activationDelaySeconds()));
        notes.put("keep", String.valueOf(grant.keepOtherDevices()));
        store.put(PREFIX + token, LIFESPAN_SECONDS, notes);
        return token;
    }

    /** The grant, once; null for an unknown, expired or already used token. */
    static Grant take(SingleUseObjectProvider store, String token) {
        return wellFormed(token) ? grant(store.remove(PREFIX + token)) : null;
    }

    /** The grant without using the token up, so enrollment can check everything first; null as for {@link #take}. */
    static Grant peek(SingleUseObjectProvider store, String token) {
        return wellFormed(token) ? grant(store.get(PREFIX + token)) : null;
    }

    private static boolean wellFormed(String token) {
        return token != null && token.matches("[A-Za-z0-9]{16,64}");
    }

    private static Grant grant(Map<String, String> notes) {
        return notes == null ? null : new Grant(notes.get("realm"), notes.get("user"), Long.parseLong(notes.get("delay")),
                Boolean.parseBoolean(notes.get("keep")));
    }

    /** The token can no longer enroll a phone (if it still could), and its "enrolled" note is gone. */
    static void revoke(SingleUseObjectProvider store, String token) {
        if (token == null || !token.matches("[A-Za-z0-9]{16,64}")) {
            return;
        }
        store.remove(PREFIX + token);
        store.remove(PREFIX + "done." + token);
    }

    static void enrolled(SingleUseObjectProvider store, String token, String deviceId) {
        store.put(PREFIX + "done." + token, LIFESPAN_SECONDS, Map.of("device", deviceId));
    }

    /** The device enrolled with this token, or null while the phone has not called yet. */
    static String enrolledDevice(SingleUseObjectProvider store, String token) {
        Map<String, String> done = token == null ? null : store.get(PREFIX + "done." + token);
        return done == null ? null : done.get("device");
    }
}
