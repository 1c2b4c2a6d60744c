package io.nordicsca.keycloak.sms;

/**
 * What became of a send, in our own terms: each sender maps its provider's errors onto these.
 * The error code is shown to the customer (so support can tell the cases apart) and the event
 * error is what the bank's event listeners see.
 */
public enum SmsOutcome {
    SENT(null, null, null),
    /** The number cannot receive SMS at all (not a mobile, malformed): only the bank can fix it. */
    INVALID_NUMBER("sms_invalid_number", "SMS-101", "smsNumberNotReachable"),
    /** The number exists but cannot be reached now or refuses messages (opted out, blocked). */
    UNREACHABLE_NUMBER("sms_unreachable_number", "SMS-102", "smsNumberNotReachable"),
    /** The provider asks us to slow down. */
    RATE_LIMITED("sms_provider_rate_limited", "SMS-201", "smsProviderDown"),
    /** The provider answered with a server error, or could not be reached. */
    PROVIDER_UNAVAILABLE("sms_provider_unavailable", "SMS-202", "smsProviderDown"),
    /** No answer within the configured time. */
    TIMEOUT("sms_provider_timeout", "SMS-203", "smsProviderDown"),
    /** Credentials, sender number or account settings are wrong: the bank's operations must act. */
    MISCONFIGURED("sms_provider_misconfigured", "SMS-301", "smsProviderDown");

    private final String eventError;
    private final String errorCode;
    private final String messageKey;

    SmsOutcome(String eventError, String errorCode, String messageKey) {
        this.eventError = eventError;
        this.errorCode = errorCode;
        this.messageKey = messageKey;
    }

    public String eventError() {
        return eventError;
    }

    public String errorCode() {
        return errorCode;
    }

    public String messageKey() {
        return messageKey;
    }
}
