package io.nordicsca.keycloak.sms.sender;

import io.nordicsca.keycloak.sms.SmsOutcome;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TwilioErrorsTest {

    @Test
    void knownTwilioCodesMapToOurOutcomes() {
        assertEquals(SmsOutcome.INVALID_NUMBER, TwilioErrors.outcome(21211, 400));
        assertEquals(SmsOutcome.INVALID_NUMBER, TwilioErrors.outcome(21614, 400));
        assertEquals(SmsOutcome.UNREACHABLE_NUMBER, TwilioErrors.outcome(21610, 400));
        assertEquals(SmsOutcome.MISCONFIGURED, TwilioErrors.outcome(20003, 401));
        assertEquals(SmsOutcome.MISCONFIGURED, TwilioErrors.outcome(21408, 400));
        assertEquals(SmsOutcome.RATE_LIMITED, TwilioErrors.outcome(20429, 429));
    }

    @Test
    void unknownCodesFallBackOnTheHttpStatus() {
        assertEquals(SmsOutcome.RATE_LIMITED, TwilioErrors.outcome(99999, 429));
        assertEquals(SmsOutcome.PROVIDER_UNAVAILABLE, TwilioErrors.outcome(null, 503));
        assertEquals(SmsOutcome.PROVIDER_UNAVAILABLE, TwilioErrors.outcome(null, 0));
        assertEquals(SmsOutcome.MISCONFIGURED, TwilioErrors.outcome(99999, 400));
    }
}
