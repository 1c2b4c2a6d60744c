package io.nordicsca.keycloak;

import java.io.IOException;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.theme.Theme;

/**
 * Texts as the customer reads them on the login pages: the realm's login theme in one language,
 * with the bank's own texts (Realm settings → Localization) on top.
 */
public final class LoginTexts {

    /** Keycloak's message references in names, e.g. the account console's {@code ${client_account-console}}. */
    private static final Pattern KEY = Pattern.compile("\\$\\{([^}]+)}");

    private LoginTexts() {
    }

    public static Properties messages(KeycloakSession session, RealmModel realm, Locale locale) {
        try {
            return session.theme().getTheme(Theme.Type.LOGIN).getEnhancedMessages(realm, locale);
        } catch (IOException e) {
            return new Properties();
        }
    }

    /**
     * A name as Keycloak's pages show it: each {@code ${key}} replaced by its text. {@code fallback}
     * when the name is blank or names a text that does not exist, so a customer never reads a key.
     * The messages are loaded only for names that hold a key.
     */
    public static String resolve(String name, Supplier<Properties> messages, String fallback) {
        if (name == null || name.isBlank()) {
            return fallback;
        }
        if (!name.contains("${")) {
            return name;
        }
        Properties texts = messages.get();
        Matcher key = KEY.matcher(name);
        StringBuilder resolved = new StringBuilder();
        while (key.find()) {
            String text = texts.getProperty(key.group(1));
            if (text == null || text.isBlank()) {
                return fallback;
            }
            key.appendReplacement(resolved, Matcher.quoteReplacement(text));
        }
        key.appendTail(resolved);
        String result = resolved.toString().strip();
        return result.isEmpty() || result.contains("${") ? fallback : result;
    }
}
