package io.nordicsca.it;

import java.text.MessageFormat;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import io.nordicsca.it.support.ThemeMessages;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The theme's six bundles: the same keys everywhere, and texts that survive Keycloak's MessageFormat. */
public class ThemeBundlesTest {

    @ParameterizedTest
    @ValueSource(strings = {"sv", "fi", "nb", "nn", "da"})
    void everyLocaleHasExactlyTheKeysOfEnglish(String language) {
        assertEquals(load("en").stringPropertyNames(), load(language).stringPropertyNames());
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "sv", "fi", "nb", "nn", "da"})
    void apostrophesAreEscapedSoTheyAreShown(String language) {
        Properties bundle = load(language);
        for (String key : bundle.stringPropertyNames()) {
            String pattern = bundle.getProperty(key);
            assertFalse(pattern.isBlank(), key + " is empty in " + language);
            // A lone ' starts a quoted section in MessageFormat and disappears from the page.
            assertFalse(pattern.replace("''", "").contains("'"), key + " in " + language + " has a lone apostrophe: " + pattern);
            long expectedApostrophes = pattern.chars().filter(c -> c == '\'').count() / 2;
            String shown = new MessageFormat(pattern).format(new Object[] {"X"});
            assertEquals(expectedApostrophes, shown.chars().filter(c -> c == '\'').count(), key + " in " + language);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sv", "fi", "nb", "nn", "da"})
    void textsAreTranslatedNotCopiedFromEnglish(String language) {
        Properties english = load("en");
        Properties bundle = load(language);
        Set<String> copied = new TreeSet<>();
        for (String key : english.stringPropertyNames()) {
            String text = english.getProperty(key);
            if (text.chars().filter(Character::isLetter).count() > 3 && text.equals(bundle.getProperty(key))) {
                copied.add(key);
            }
        }
        assertTrue(copied.isEmpty(), "untranslated in " + language + ": " + copied);
    }

    @ParameterizedTest
    @ValueSource(strings = {"username", "hidePassword", "loginTimeout", "invalidUserMessage"})
    void nynorskIsNotBokmal(String key) {
        assertFalse(load("nn").getProperty(key).equals(load("nb").getProperty(key)), key + " is the same in nn and nb");
    }

    private static Properties load(String language) {
        return ThemeMessages.of(language).patterns();
    }
}
