package io.nordicsca.keycloak.desk;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** What the desk accepts as a reason (the 400 answers themselves are checked on the real server: LockoutDeskTest). */
class LockoutDeskResourceTest {

    @Test
    void aPlainReasonOfThreeToFiveHundredCharactersIsAccepted() {
        assertNull(LockoutDeskResource.reasonProblem("Customer called, ID checked"));
        assertNull(LockoutDeskResource.reasonProblem("abc"));
        assertNull(LockoutDeskResource.reasonProblem("å".repeat(500)));
        assertNull(LockoutDeskResource.reasonProblem("😀".repeat(500)), "characters, not UTF-16 units, are counted");
        assertEquals("Kunden ringde", LockoutDeskResource.reason("{\"reason\":\"  Kunden ringde \"}"));
    }

    @Test
    void aMissingShortLongOrMultiLineReasonIsRefused() {
        for (String bad : new String[] {null, "", "   ", "ab", "x".repeat(501), "line\nbreak", "tab\there", "bell\u0007",
                "bidi \u202Eevil", "zero\u200Bwidth", "para\u2029graph"}) {
            assertNotNull(LockoutDeskResource.reasonProblem(bad), String.valueOf(bad));
        }
    }
}
