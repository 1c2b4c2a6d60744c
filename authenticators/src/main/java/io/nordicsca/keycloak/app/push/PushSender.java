package io.nordicsca.keycloak.app.push;

import org.keycloak.provider.Provider;

/**
 * Tells a phone that an approval request waits. The message carries only the challenge id and the
 * device: no secret, no event ID (the app fetches the request over the signed device API).
 * Providers: {@code fcm} (Firebase Cloud Messaging HTTP v1), {@code webhook} (the bank's own push
 * backend), {@code log} (demo), {@code none} (the app polls).
 */
public interface PushSender extends Provider {

    record PushMessage(String realm, String deviceId, String pushToken, String challengeId, long expiresAt) {
    }

    /** True when the push was handed over; a failed push is not fatal (the app can still poll). */
    boolean notify(PushMessage message);

    @Override
    default void close() {
    }
}
