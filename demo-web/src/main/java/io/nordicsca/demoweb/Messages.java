package io.nordicsca.demoweb;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The app's texts in the bank's six languages, from its own bundles
 * ({@code io/nordicsca/demoweb/messages_<lang>.properties}, UTF-8). Placeholders are {@code {0}},
 * {@code {1}}: replaced as they are, so a text needs no MessageFormat quoting.
 */
final class Messages {

    /** The bank's languages, in the order of the language menu. */
    static final List<String> LANGUAGES = List.of("en", "sv", "fi", "nb", "nn", "da");
    static final String DEFAULT_LANGUAGE = "en";

    private static final Map<String, Messages> BUNDLES = LANGUAGES.stream()
            .collect(Collectors.toUnmodifiableMap(Function.identity(), Messages::load));

    private final String language;
    private final Properties texts;

    private Messages(String language, Properties texts) {
        this.language = language;
        this.texts = texts;
    }

    static Messages of(String language) {
        Messages messages = BUNDLES.get(language);
        if (messages == null) {
            throw new IllegalArgumentException("Not one of the bank's languages: " + language);
        }
        return messages;
    }

    String language() {
        return language;
    }

    Locale locale() {
        return Locale.forLanguageTag(language);
    }

    /** The text for this key with its placeholders filled; the key itself when missing (a test keeps all six complete). */
    String text(String key, Object... arguments) {
        String text = texts.getProperty(key, key);
        for (int i = 0; i < arguments.length; i++) {
            text = text.replace("{" + i + "}", String.valueOf(arguments[i]));
        }
        return text;
    }

    List<String> keys() {
        return new ArrayList<>(texts.stringPropertyNames());
    }

    /**
     * The language to show: one the customer chose ({@code ?lang=} or the menu, then remembered in
     * the session), else the browser's {@code Accept-Language} (RFC 4647 lookup; plain "no" means
     * Norwegian Bokmål), else English.
     */
    static String pick(String chosen, String acceptLanguage) {
        if (chosen != null && LANGUAGES.contains(chosen)) {
            return chosen;
        }
        if (acceptLanguage != null && !acceptLanguage.isBlank()) {
            try {
                List<Locale.LanguageRange> ranges = new ArrayList<>();
                for (Locale.LanguageRange range : Locale.LanguageRange.parse(acceptLanguage)) {
                    String tag = range.getRange();
                    ranges.add(tag.equals("no") || tag.startsWith("no-") ? new Locale.LanguageRange("nb", range.getWeight()) : range);
                }
                String found = Locale.lookupTag(ranges, LANGUAGES);
                if (found != null) {
                    return found;
                }
            } catch (IllegalArgumentException e) {
                // A malformed header counts as none.
            }
        }
        return DEFAULT_LANGUAGE;
    }

    private static Messages load(String language) {
        String resource = "messages_" + language + ".properties";
        try (InputStream in = Messages.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing bundle " + resource);
            }
            Properties texts = new Properties();
            texts.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return new Messages(language, texts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
