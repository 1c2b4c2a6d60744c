package io.nordicsca.keycloak.sms;

import io.nordicsca.keycloak.errors.CustomerError;

/**
 * What became of a send, in our own terms: each sender maps its provider's errors onto these.
 * The customer sees the failure's catalogue entry (its code tells support which case it was; the
 * codes before the catalogue, {@code SMS-nnn}, are {@code NSCA-3nnn}), and the event error is what
 * the bank's event listeners see.
 */
public enum SmsOutcome {
    SENT(null, null),
    /** The number cannot receive SMS at all (not a mobile, malformed): only the bank can fix it. */
    INVALID_NUMBER("sms_invalid_number", CustomerError.SMS_INVALID_NUMBER),
    /** The number exists but cannot be reached now or refuses messages (opted out, blocked). */
    UNREACHABLE_NUMBER("sms_unreachable_number", CustomerError.SMS_UNREACHABLE_NUMBER),
    /** The provider asks us to slow down. */
    RATE_LIMITED("sms_provider_rate_limited", CustomerError.SMS_PROVIDER_RATE_LIMITED),
    /** The provider answered with a server error, or could not be reached. */
    PROVIDER_UNAVAILABLE("sms_provider_unavailable", CustomerError.SMS_PROVIDER_UNAVAILABLE),
    /** No answer within the configured time. */
    TIMEOUT("sms_provider_timeout", CustomerError.SMS_PROVIDER_TIMEOUT),
    /** Credentials, sender number or account settings are wrong: the bank's operations must act. */
    MISCONFIGURED("sms_provider_misconfigured", CustomerError.SMS_PROVIDER_MISCONFIGURED);

    private final String eventError;
    private final CustomerError error;

    SmsOutcome(String eventError, CustomerError error) {
        this.eventError = eventError;
        this.error = error;
    }

    public String eventError() {
        return eventError;
    }

    /** What the customer is shown, or null for {@link #SENT}. */
    public CustomerError error() {
        return error;
    }

    /** The number itself is the problem (the page names it, masked): only the bank can change it. */
    public boolean numberProblem() {
        return this == INVALID_NUMBER || this == UNREACHABLE_NUMBER;
    }
}
