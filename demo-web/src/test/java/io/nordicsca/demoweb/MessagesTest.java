package io.nordicsca.demoweb;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessagesTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\d}");

    @Test
    void everyLanguageHasEveryTextWithTheSamePlaceholders() {
        Messages english = Messages.of("en");
        for (String language : Messages.LANGUAGES) {
            Messages messages = Messages.of(language);
            assertEquals(new HashSet<>(english.keys()), new HashSet<>(messages.keys()), language);
            for (String key : english.keys()) {
                assertEquals(placeholders(english.text(key)), placeholders(messages.text(key)), language + " " + key);
            }
        }
    }

    @Test
    void everyRefusalAndLevelHasAText() {
        for (TokenRefused.Reason reason : TokenRefused.Reason.values()) {
            assertNotEquals(reason.messageKey(), Messages.of("en").text(reason.messageKey()));
        }
        for (Level level : Level.values()) {
            String key = "level." + level.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            assertNotEquals(key, Messages.of("en").text(key));
        }
    }

    @Test
    void theLanguagesAreTranslatedNotCopied() {
        Set<String> buttons = new HashSet<>();
        for (String language : List.of("en", "sv", "fi", "nb", "nn", "da")) {
            buttons.add(Messages.of(language).text("error.heading"));
        }
        assertEquals(6, buttons.size(), "each language has its own heading: " + buttons);
    }

    @Test
    void theCallCentresPurposeIsOneShortLineInEveryLanguage() {
        for (String language : Messages.LANGUAGES) {
            String purpose = Messages.of(language).text("callCentre.purpose");
            assertTrue(purpose.length() <= 60 && !purpose.isBlank() && purpose.chars().noneMatch(Character::isISOControl),
                    language + ": the app shows it as the reason, plain text of at most 60 characters: " + purpose);
        }
    }

    @Test
    void aChosenLanguageWinsOverTheBrowsers() {
        assertEquals("nn", Messages.pick("nn", "sv-SE,sv;q=0.9"));
        assertEquals("sv", Messages.pick("xx", "sv-SE,sv;q=0.9,en;q=0.5"));
        assertEquals("sv", Messages.pick(null, "sv-SE,sv;q=0.9,en;q=0.5"));
    }

    @Test
    void theBrowsersLanguageIsLookedUp() {
        assertEquals("fi", Messages.pick(null, "fi-FI"));
        assertEquals("da", Messages.pick(null, "de-DE,da;q=0.8,en;q=0.5"));
        assertEquals("nb", Messages.pick(null, "no"), "plain Norwegian is Bokmål");
        assertEquals("nb", Messages.pick(null, "nb-NO,nn;q=0.5"));
        assertEquals("nn", Messages.pick(null, "nn-NO,nb;q=0.5"));
        assertEquals("en", Messages.pick(null, "de-DE"));
        assertEquals("en", Messages.pick(null, null));
        assertEquals("en", Messages.pick(null, ";;;q=x"), "a malformed header counts as none");
    }

    @Test
    void placeholdersAreFilledAsTheyAre() {
        assertEquals("Pay 1,250.00 EUR to Nordic Power Oy", Pages.paymentButton(Messages.of("en")));
        String finnish = Pages.paymentButton(Messages.of("fi"));
        assertEquals("Maksa 1 250,00 EUR saajalle Nordic Power Oy", finnish.replace('\u00a0', ' ').replace('\u202f', ' '));
    }

    private static List<String> placeholders(String text) {
        List<String> found = new java.util.ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group());
        }
        found.sort(null);
        return found;
    }
}
