package io.nordicsca.keycloak.lockout;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** What the desk accepts as the reason for a lock or unlock (the 400 answers themselves: LockoutDeskTest on the real server). */
class DeskReasonTest {

    @Test
    void aPlainReasonOfThreeToFiveHundredCharactersIsKeptTrimmed() {
        assertEquals("Kunden ringde", FactorLocks.validReason("  Kunden ringde "));
        assertEquals("abc", FactorLocks.validReason("abc"));
        assertEquals("å".repeat(500), FactorLocks.validReason("å".repeat(500)));
        assertEquals("😀".repeat(500), FactorLocks.validReason("😀".repeat(500)), "characters are counted, not UTF-16 units");
    }

    @Test
    void aMissingShortLongMultiLineOrDisguisedReasonIsRefused() {
        for (String bad : new String[] {null, "", "   ", "ab", "x".repeat(501), "line\nbreak", "tab\there", "bell\u0007",
                "bidi \u202Eevil", "zero\u200Bwidth", "para\u2029graph"}) {
            assertNull(FactorLocks.validReason(bad), String.valueOf(bad));
        }
    }
}
