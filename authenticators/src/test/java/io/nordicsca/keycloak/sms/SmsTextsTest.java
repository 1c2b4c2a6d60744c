package io.nordicsca.keycloak.sms;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Where the WebOTP line's domain comes from: configuration only, never the request. */
class SmsTextsTest {

    @Test
    void theStepSettingComesFirstThenTheRealmsFrontendUrlThenTheServersFixedHostname() {
        assertEquals("login.bank.example", SmsTexts.webOtpDomain("login.bank.example", "https://frontend.bank.example/auth", "kc.bank.example"));
        assertEquals("frontend.bank.example", SmsTexts.webOtpDomain("", "https://frontend.bank.example/auth", "kc.bank.example"));
        assertEquals("kc.bank.example", SmsTexts.webOtpDomain(null, null, "kc.bank.example"));
        assertEquals("kc.bank.example", SmsTexts.webOtpDomain(null, " ", "https://KC.bank.example:8443/"));
    }

    @Test
    void withoutAFixedHostnameThereIsNoDomain() {
        assertNull(SmsTexts.webOtpDomain(null, null, null));
        assertNull(SmsTexts.webOtpDomain("", "", ""));
        assertNull(SmsTexts.webOtpDomain("not a host", "https://", "@evil"), "unusable values are no domain");
    }
}
