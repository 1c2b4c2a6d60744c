package io.nordicsca.keycloak.sms.sender;

import java.util.Set;

import io.nordicsca.keycloak.sms.SmsOutcome;

/**
 * Twilio's error codes (https://www.twilio.com/docs/api/errors) in our own terms. Twilio keeps
 * splitting codes into narrower ones, so anything unknown falls back on the HTTP status class:
 * 429 slow down, 5xx temporary, other 4xx a refusal only the bank's operations can fix.
 */
final class TwilioErrors {

    /** Not a number that can receive SMS: invalid 'To', not a mobile, not a valid phone number. */
    private static final Set<Integer> INVALID_NUMBER = Set.of(21211, 21217, 21401, 21614);
    /** A real number that will not take this message: opted out, unroutable, premium destination. */
    private static final Set<Integer> UNREACHABLE_NUMBER = Set.of(21610, 21612, 21268);
    /** Authentication, sender number, messaging service, region permissions, trial account. */
    private static final Set<Integer> MISCONFIGURED = Set.of(20003, 20404, 21212, 21606, 21608, 21408, 21659, 21703, 21705);
    private static final Set<Integer> RATE_LIMITED = Set.of(20429, 14107);

    private TwilioErrors() {
    }

    /**
     * @param code   Twilio's error code, or null when the answer carried none
     * @param status the HTTP status of the answer
     */
    static SmsOutcome outcome(Integer code, int status) {
        if (code != null) {
            if (INVALID_NUMBER.contains(code)) {
                return SmsOutcome.INVALID_NUMBER;
            }
            if (UNREACHABLE_NUMBER.contains(code)) {
                return SmsOutcome.UNREACHABLE_NUMBER;
            }
            if (MISCONFIGURED.contains(code)) {
                return SmsOutcome.MISCONFIGURED;
            }
            if (RATE_LIMITED.contains(code)) {
                return SmsOutcome.RATE_LIMITED;
            }
        }
        if (status == 429) {
            return SmsOutcome.RATE_LIMITED;
        }
        if (status >= 500 || status == 0) {
            return SmsOutcome.PROVIDER_UNAVAILABLE;
        }
        return SmsOutcome.MISCONFIGURED;
    }
}
