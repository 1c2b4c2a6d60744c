package io.nordicsca.keycloak.secondfactor;

import io.nordicsca.keycloak.errors.CustomerError;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which SMS page for which situation, and what the code page says about time. */
class SmsPageTest {

    @Test
    void theCodePageSaysWholeMinutesNeverZeroAndNeverANegativeWait() {
        SmsPage page = SmsPage.code("+46•••••••67", 6, -5, 300, false);
        assertEquals(SmsPage.State.CODE, page.state());
        assertEquals(5, page.validMinutes());
        assertEquals(0, page.resendIn(), "a wait already over shows no countdown");
        assertEquals(1, SmsPage.code("+46•••••••67", 6, 30, 10, false).validMinutes(), "a 10-second code still reads 'one minute'");
        assertEquals(30, SmsPage.code("+46•••••••67", 6, 30, 10, false).resendIn());
        assertEquals(1, SmsPage.code("+46•••••••67", 6, 0, 119, false).validMinutes(), "rounded down, as the step always did");
    }

    @Test
    void onlyTheRegisterActionsPagesCarryItsTitle() {
        assertTrue(SmsPage.number("0701").registering(), "asking for a number is registering");
        assertEquals("0701", SmsPage.number("0701").typed());
        assertEquals("", SmsPage.number(null).typed());
        assertTrue(SmsPage.code("x", 6, 0, 300, true).registering());
        assertFalse(SmsPage.code("x", 6, 0, 300, false).registering(), "the sign-in step and the unlock decoy");
        assertFalse(SmsPage.notAllowed().registering());
        assertFalse(SmsPage.problem(true, null, 0).registering());
    }

    @Test
    void aProblemOffersTryAgainOnlyWhenAskedTo() {
        assertEquals(SmsPage.State.PROBLEM, SmsPage.problem(true, null, 0).state());
        assertTrue(SmsPage.problem(true, null, 0).retry());
        assertFalse(SmsPage.problem(false, null, 0).retry());
        assertEquals(SmsPage.State.NOT_ALLOWED, SmsPage.notAllowed().state());
        assertEquals("", SmsPage.problem(true, null, 0).to(), "no number to name");
        assertEquals("+46•••••••67", SmsPage.problem(false, "+46•••••••67", 0).to());
        assertEquals(10, SmsPage.problem(true, null, 10).waitMinutes());
    }

    @Test
    void theAnswersFailuresCarryTheirCodesAndHintsAboutTheInputNone() {
        assertEquals(CustomerError.SMS_WRONG_CODE, SmsPage.fieldError("smsCodeInvalid"));
        assertEquals(CustomerError.SMS_CODE_EXPIRED, SmsPage.fieldError("smsCodeExpired"));
        assertEquals(CustomerError.SMS_CODE_USED_UP, SmsPage.fieldError("smsCodeUsedUp"));
        assertEquals(CustomerError.PHONE_REGISTRATION_COUNTRY_NOT_ALLOWED, SmsPage.fieldError("smsPhoneCountryNotAllowed"));
        for (String hint : new String[] {"smsCodeMissing", "smsCodeNotDigits", "smsCodeWrongLength", "smsResendTooSoon", "smsPhoneInvalid"}) {
            assertNull(SmsPage.fieldError(hint), hint);
        }
    }
}
