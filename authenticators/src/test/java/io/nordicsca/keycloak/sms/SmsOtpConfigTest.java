package io.nordicsca.keycloak.sms;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.nordicsca.keycloak.config.Setting;
import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

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
        // One value per field of the form, none of them the default: each must reach the record.
        Map<String, String> typed = new LinkedHashMap<>();
        typed.put("digits", "8");
        typed.put("validSeconds", "120");
        typed.put("resendCooldownSeconds", "45");
        typed.put("triesPerCode", "5");
        typed.put("sender", "log");
        typed.put("defaultRegion", "fi");
        typed.put("allowedPrefixes", "+358,+46");
        typed.put("sendsPerUser", "7");
        typed.put("sendsPerNumber", "9");
        typed.put("sendsPerAddress", "40");
        typed.put("sendsPerRealm", "2000");
        typed.put("limitWindowMinutes", "30");
        typed.put("webOtpDomain", "login.bank.example");
        assertEquals(List.copyOf(typed.keySet()), SmsOtpConfig.PROPERTIES.stream().map(ProviderConfigProperty::getName).toList(),
                "a field of the form without a value here is not checked");
        SmsOtpConfig defaults = SmsOtpConfig.from(Map.of());
        SmsOtpConfig read = SmsOtpConfig.from(typed);
        assertEquals(new SmsOtpConfig(8, 120, 45, 5, "log", "FI", List.of("+358", "+46"), 7, 9, 40, 2000, 30, "login.bank.example"), read);
        for (var component : SmsOtpConfig.class.getRecordComponents()) {
            assertNotEquals(value(component, defaults), value(component, read), component.getName() + " is read from the form");
        }
        assertEquals(List.of(), Setting.problems(SmsOtpConfig.SETTINGS, typed), "and the action's save accepts them");
    }

    @Test
    void theRegisterPhoneActionRefusesOnSaveWhatTheStepWouldNotReadAsTyped() {
        assertEquals(List.of("digits: from 4 to 10.", "sender: one of twilio, log.", "defaultRegion: a two-letter country code such as SE.",
                        "allowedPrefixes: E.164 prefixes (+ and 1 to 6 digits) separated by commas, such as +46,+358.",
                        "webOtpDomain: a host name such as login.bank.example."),
                Setting.problems(SmsOtpConfig.SETTINGS, Map.of("digits", "12", "sender", "twillio", "defaultRegion", "sweden",
                        "allowedPrefixes", "+46,47", "webOtpDomain", "no such host")).stream().map(Setting.Problem::text).toList());
    }

    private static Object value(java.lang.reflect.RecordComponent component, SmsOtpConfig config) {
        try {
            return component.getAccessor().invoke(config);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
