package io.nordicsca.it.support;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;

/** The nordic-sca theme's message bundles, read from the source tree as the server reads them. */
public final class ThemeMessages {

    private final Properties messages = new Properties();
    private final Locale locale;

    private ThemeMessages(String language) {
        this.locale = Locale.forLanguageTag(language);
        String file = "themes/src/main/resources/theme/nordic-sca/login/messages/messages_" + language + ".properties";
        try (Reader reader = Files.newBufferedReader(ProjectFiles.resolve(file), StandardCharsets.UTF_8)) {
            messages.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ThemeMessages of(String language) {
        return new ThemeMessages(language);
    }

    /** The raw patterns, key to MessageFormat pattern, as the bundle file holds them. */
    public Properties patterns() {
        Properties copy = new Properties();
        copy.putAll(messages);
        return copy;
    }

    /** The text a user sees for this key, parameters filled in as Keycloak's MessageFormat does. */
    public String text(String key, Object... parameters) {
        String pattern = messages.getProperty(key);
        if (pattern == null) {
            throw new AssertionError("No message " + key + " in the " + locale + " bundle");
        }
        return new MessageFormat(pattern, locale).format(parameters);
    }
}
