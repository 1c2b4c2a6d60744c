package io.nordicsca.keycloak.secondfactor;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhoneNumbersTest {

    @Test
    void numbersAsPeopleWriteThemBecomeE164() {
        assertEquals("+46701234567", PhoneNumbers.parse("070-123 45 67", "SE").e164());
        assertEquals("+46701234567", PhoneNumbers.parse("+46 (0)70 123 45 67", "FI").e164());
        assertEquals("+46701234567", PhoneNumbers.parse("0046701234567", "SE").e164());
        assertEquals("+4791234567", PhoneNumbers.parse("912 34 567", "NO").e164());
        assertEquals("+358401234567", PhoneNumbers.parse("040 123 4567", "FI").e164());
        assertEquals("+4520123456", PhoneNumbers.parse("20 12 34 56", "DK").e164());
    }

    @Test
    void whatCannotReceiveSmsIsRefusedWithTheReason() {
        assertEquals(PhoneNumbers.Problem.MISSING, PhoneNumbers.parse("  ", "SE").problem());
        assertEquals(PhoneNumbers.Problem.INVALID, PhoneNumbers.parse("12", "SE").problem());
        assertEquals(PhoneNumbers.Problem.INVALID, PhoneNumbers.parse("not a number", "SE").problem());
        assertEquals(PhoneNumbers.Problem.INVALID, PhoneNumbers.parse("+46 70 123 45 67".repeat(5), "SE").problem());
        assertEquals(PhoneNumbers.Problem.NOT_MOBILE, PhoneNumbers.parse("08-123 456 78", "SE").problem(), "a Stockholm landline");
    }

    @Test
    void maskedNumbersKeepCountryCodeAndLastTwoDigits() {
        assertEquals("+46•••••••67", PhoneNumbers.mask("+46701234567"));
        assertEquals("+358•••••••67", PhoneNumbers.mask("+358401234567"));
        assertEquals("+1••••••••67", PhoneNumbers.mask("+12015550167"));
        assertEquals("•••", PhoneNumbers.mask(null));
    }

    @Test
    void countryAllowListMatchesPrefixes() {
        assertTrue(PhoneNumbers.allowed("+46701234567", List.of()));
        assertTrue(PhoneNumbers.allowed("+46701234567", List.of("+47", "+46")));
        assertFalse(PhoneNumbers.allowed("+447700900123", List.of("+46", "+47")));
    }
}
