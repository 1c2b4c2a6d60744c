package io.nordicsca.keycloak.desk;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.nordicsca.keycloak.config.RealmSettingsTabFactory;
import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin-side texts (settings tab, desk page): every key in all six languages, and every key the code uses exists. */
class DeskTextsTest {

    private static Properties bundle(String language) throws IOException {
        Properties texts = new Properties();
        try (Reader in = new InputStreamReader(DeskTextsTest.class.getResourceAsStream("/theme-resources/messages/messages_" + language + ".properties"),
                StandardCharsets.UTF_8)) {
            texts.load(in);
        }
        return texts;
    }

    @Test
    void everyLanguageHasTheSameKeysAsEnglishAndNoEmptyText() throws IOException {
        Set<String> english = bundle("en").stringPropertyNames();
        for (String language : DeskPage.LOCALES) {
            Properties texts = bundle(language);
            assertEquals(english, texts.stringPropertyNames(), language);
            texts.stringPropertyNames().forEach(key -> assertTrue(!texts.getProperty(key).isBlank(), language + " " + key));
        }
    }

    @Test
    void theSettingsTabsLabelsAndHelpHaveTexts() throws IOException {
        Properties english = bundle("en");
        assertTrue(english.containsKey(RealmSettingsTabFactory.PROVIDER_ID), "the tab's title is its provider id");
        for (ProviderConfigProperty property : new RealmSettingsTabFactory().getConfigProperties()) {
            assertTrue(english.containsKey(property.getLabel()), property.getLabel());
            assertTrue(english.containsKey(property.getHelpText()), property.getHelpText());
        }
    }

    @Test
    void everyTextTheDeskPageAsksForExists() throws IOException {
        String script = Files.readString(Path.of("src/main/resources/nordic-sca-desk/desk.js"));
        Properties english = bundle("en");
        Matcher literal = Pattern.compile("\\bt\\(\"([\\w.-]+)\"").matcher(script);
        int found = 0;
        while (literal.find()) {
            found++;
            assertTrue(english.containsKey(DeskPage.TEXT_PREFIX + literal.group(1)), literal.group(1));
        }
        assertTrue(found > 20, "the pattern finds the page's texts: " + found);
        for (String family : new String[] {"factor.", "state.", "action.", "confirm.", "done.", "card.status.", "app.status.", "by."}) {
            assertTrue(english.stringPropertyNames().stream().anyMatch(key -> key.startsWith(DeskPage.TEXT_PREFIX + family)), family);
        }
        for (String factor : new String[] {"password", "code-card", "sms", "app"}) {
            assertTrue(english.containsKey(DeskPage.TEXT_PREFIX + "factor." + factor), factor);
        }
    }
}
