package io.nordicsca.keycloak.sms.sender;

import io.nordicsca.keycloak.sms.SmsOutcome;
import org.keycloak.provider.Provider;

/**
 * Sends one SMS. Providers: {@code twilio} (production) and {@code log} (demos; off unless the
 * server turns it on). A sender never throws for a failed send and never logs the text or the
 * full number: it answers with what happened, in our own terms.
 */
public interface SmsSender extends Provider {

    /**
     * @param to   the recipient in E.164 form ("+46701234567")
     * @param text the whole message, code included
     */
    SmsOutcome send(String to, String text);

    @Override
    default void close() {
    }
}
