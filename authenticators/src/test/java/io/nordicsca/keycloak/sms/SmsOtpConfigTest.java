package io.nordicsca.keycloak.sms;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SmsOtpConfigTest {

    @Test
    void missingBlankAndMalformedValuesFallBackAndRangesAreClamped() {
        SmsOtpConfig defaults = SmsOtpConfig.from(Map.of());
        assertEquals(6, defaults.digits());
        assertEquals(300, defaults.validSeconds());
        assertEquals(30, defaults.resendCooldownSeconds());
        assertEquals(3, defaults.triesPerCode());
        assertEquals("twilio", defaults.sender());
        assertEquals(5, defaults.sendsPerUser());
        assertEquals(10, defaults.limitWindowMinutes());
        assertEquals(1000, defaults.sendsPerRealm());
        assertEquals("", defaults.webOtpDomain(), "no domain unless configured");

        SmsOtpConfig odd = SmsOtpConfig.from(Map.of("digits", "", "validSeconds", "3600", "triesPerCode", "x",
                "defaultRegion", "sweden", "allowedPrefixes", " +46, 47, +358 ,+4-5"));
        assertEquals(6, odd.digits());
        assertEquals(600, odd.validSeconds(), "NIST: at most 10 minutes");
        assertEquals(3, odd.triesPerCode());
        assertEquals("SE", odd.defaultRegion());
        assertEquals(List.of("+46", "+358", "+45"), odd.allowedPrefixes());

        SmsOtpConfig set = SmsOtpConfig.from(Map.of("sendsPerRealm", "0", "webOtpDomain", " https://Login.Bank.example/ "));
        assertEquals(1, set.sendsPerRealm());
        assertEquals("login.bank.example", set.webOtpDomain());
        assertEquals("", SmsOtpConfig.from(Map.of("webOtpDomain", "no such host")).webOtpDomain());
    }

    @Test
    void everyPropertyTheFormShowsIsReadBack() {
        List<String> names = SmsOtpConfig.PROPERTIES.stream().map(p -> p.getName()).toList();
        assertEquals(List.of("digits", "validSeconds", "resendCooldownSeconds", "triesPerCode", "sender", "defaultRegion",
                "allowedPrefixes", "sendsPerUser", "sendsPerNumber", "sendsPerAddress", "sendsPerRealm", "limitWindowMinutes", "webOtpDomain"), names);
    }
}
