package io.nordicsca.keycloak;

import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LoginTextsTest {

    private static Properties swedish() {
        Properties texts = new Properties();
        texts.setProperty("client_account-console", "Kontoöversikt");
        texts.setProperty("bank", "Nordbanken $1");
        return texts;
    }

    @Test
    void aMessageKeyInANameIsShownAsItsText() {
        assertEquals("Kontoöversikt", LoginTexts.resolve("${client_account-console}", LoginTextsTest::swedish, "account-console"));
        assertEquals("Nordbanken $1 online", LoginTexts.resolve("${bank} online", LoginTextsTest::swedish, "web"));
    }

    @Test
    void aKeyWithoutTextOrNoNameFallsBackToTheClientIdNeverToTheKey() {
        assertEquals("account-console", LoginTexts.resolve("${client_unknown}", LoginTextsTest::swedish, "account-console"));
        assertEquals("web", LoginTexts.resolve("${bank} ${missing}", LoginTextsTest::swedish, "web"));
        assertEquals("web", LoginTexts.resolve("  ", LoginTextsTest::swedish, "web"));
        assertEquals("web", LoginTexts.resolve(null, LoginTextsTest::swedish, "web"));
    }

    @Test
    void aPlainNameIsShownAsItIsWithoutLoadingTexts() {
        assertEquals("Nordic Bank online bank", LoginTexts.resolve("Nordic Bank online bank", () -> {
            throw new AssertionError("no texts needed");
        }, "web"));
    }
}
