package io.nordicsca.keycloak;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One line of plain text, as stored (the device API's answers: AppPhoneReplacementTest on the real server). */
class PlainTextTest {

    @Test
    void nordicNamesPunctuationAndEmojiAreOneLineOfPlainText() {
        assertTrue(PlainText.isOneLine("Åsa's iPhone – jobb"));
        assertTrue(PlainText.isOneLine("Päivi 😀"));
    }

    @Test
    void aNulALineBreakABidiOverrideOrAZeroWidthCharacterIsNot() {
        assertFalse(PlainText.isOneLine("New\u0000phone"), "PostgreSQL cannot store a NUL in text");
        assertFalse(PlainText.isOneLine("New\nphone"));
        assertFalse(PlainText.isOneLine("New\u2028phone"));
        assertFalse(PlainText.isOneLine("New\u202Ephone"));
        assertFalse(PlainText.isOneLine("New\u200Bphone"));
    }

    @Test
    void aLoneHalfOfASurrogatePairIsNot() {
        // Valid in a Java string and as a JSON escape, but no character: PostgreSQL's driver stores it as "?".
        assertFalse(PlainText.isOneLine("New\uD83Dphone"));
        assertFalse(PlainText.isOneLine("New phone\uDE00"));
    }
}
