package io.nordicsca.keycloak.sms;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

import io.nordicsca.keycloak.payment.Payment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void aPaymentCodeNamesAmountPayeeAndAccountInTheCustomersLanguageWithPlainSpaces() throws Exception {
        Payment payment = new Payment(new BigDecimal("1250.00"), "EUR", "Nordic Power Oy", "FI2112345600000785", "Invoice 4711");
        Properties fi = new Properties();
        fi.setProperty(SmsTexts.PAYMENT_KEY, "{0}: koodisi maksuun {3} saajalle {4}, tili {5}, on {1}. Se on voimassa {2} minuuttia.");
        assertEquals("Nordic Bank: koodisi maksuun 1 250,00 EUR saajalle Nordic Power Oy, tili FI**0785, on 123456. Se on voimassa 5 minuuttia.",
                SmsTexts.body(fi, Locale.forLanguageTag("fi"), "Nordic Bank", "123456", 300, payment),
                "no no-break space: it is outside the GSM alphabet and would make the SMS UCS-2");
        assertEquals("123456 is your Nordic Bank code to pay 1,250.00 EUR to Nordic Power Oy, account FI**0785. It is valid for 5 minutes. "
                + "Never share it with anyone, not even the bank.", SmsTexts.body(new Properties(), Locale.ENGLISH, "Nordic Bank", "123456", 300, payment));
        assertEquals("123456 is your Nordic Bank one-time code. It is valid for 5 minutes. Never share it with anyone, not even the bank.",
                SmsTexts.body(new Properties(), Locale.ENGLISH, "Nordic Bank", "123456", 300, null));
    }

    /**
     * The keypad SMS is read while typing the code during the call: the code first, and one SMS segment
     * (70 characters, the UCS-2 limit) with the demo bank's name and the longest code the SMS step allows.
     */
    @ParameterizedTest
    @ValueSource(strings = {"en", "sv", "fi", "nb", "nn", "da"})
    void theKeypadSmsStartsWithTheCodeAndFitsOneSegmentInEveryLanguage(String language) throws IOException {
        Properties messages = new Properties();
        Path bundle = Path.of("").toAbsolutePath().getParent()
                .resolve("themes/src/main/resources/theme/nordic-sca/login/messages/messages_" + language + ".properties");
        try (Reader reader = Files.newBufferedReader(bundle, StandardCharsets.UTF_8)) {
            messages.load(reader);
        }
        assertTrue(messages.containsKey(SmsTexts.KEYPAD_KEY), language + " has " + SmsTexts.KEYPAD_KEY);
        String longest = "9".repeat(SmsOtpConfig.DIGITS.max());
        String text = SmsTexts.keypadBody(messages, Locale.forLanguageTag(language), "Nordic Bank", longest, 300);
        assertTrue(text.startsWith(longest), "the code first: " + text);
        assertTrue(text.length() <= SmsTexts.KEYPAD_MAX, text.length() + " characters: " + text);
        assertEquals(text, text.strip(), "no line breaks or padding");
    }

    @Test
    void theKeypadSmsOfARealmWithoutOurThemeIsShortToo() {
        String text = SmsTexts.keypadBody(new Properties(), Locale.ENGLISH, "Nordic Bank", "123456", 300);
        assertEquals("123456: Nordic Bank code. Type it on the keypad, never say it.", text);
    }
}
