package io.nordicsca.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * The account console's texts: Keycloak's English bundles (from its jars on the test classpath:
 * keycloak-account-ui for keycloak.v3, keycloak-themes for its parent base) and our account theme's
 * bundles from the source tree, plus what the console shows in a browser. The console (i18next) fills
 * {@code {{name}}} parameters and {@code <0>..</0>} tags; its texts are not MessageFormat patterns.
 */
public final class AccountConsoleTexts {

    private static final List<String> KEYCLOAK_ENGLISH = List.of(
            "theme/base/account/messages/messages_en.properties",
            "theme/keycloak.v3/account/messages/messages_en.properties");
    private static final Pattern PARAMETER = Pattern.compile("\\{\\{\\w+}}");
    private static final Pattern TAG = Pattern.compile("</?\\d+>");

    /** The words on screen: visible text nodes, the title, and the labels a screen reader speaks on visible elements. */
    private static final String VISIBLE_TEXTS = """
            const texts = [document.title];
            const visible = e => e.checkVisibility({opacityProperty: true, visibilityProperty: true});
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
              const parent = walker.currentNode.parentElement;
              if (parent && !parent.closest('script, style, noscript') && visible(parent)) {
                texts.push(walker.currentNode.textContent);
              }
            }
            for (const e of document.body.querySelectorAll('[aria-label], [title], [placeholder]')) {
              if (visible(e)) {
                // aria-labelledby names an element before aria-label does (PatternFly's row toggles keep an unused "Details")
                const spoken = e.hasAttribute('aria-labelledby') ? ['title', 'placeholder'] : ['aria-label', 'title', 'placeholder'];
                spoken.forEach(a => texts.push(e.getAttribute(a) || ''));
              }
            }
            return texts.map(t => t.replace(/\\s+/g, ' ').trim()).filter(t => /\\p{L}/u.test(t));
            """;

    private AccountConsoleTexts() {
    }

    /** Our account theme's text for this key in this language (messages_xx.properties). */
    public static String ours(String language, String key) {
        String text = bundle(language).getProperty(key);
        if (text == null) {
            throw new AssertionError("No " + key + " in the " + language + " account bundle");
        }
        return text;
    }

    /**
     * The text the console shows for this key in this language: ours, else Keycloak's for the language (keycloak.v3,
     * else its parent base: Keycloak merges the theme chain's bundles), else Keycloak's English (the console's fallback).
     */
    public static String shown(String language, String key) {
        String text = inLanguage(language, key);
        return text != null ? text : english().getProperty(key);
    }

    /** Ours for this key and language, else Keycloak's (keycloak.v3, else base); null if neither has it. */
    private static String inLanguage(String language, String key) {
        String text = bundle(language).getProperty(key);
        for (String theme : List.of("keycloak.v3", "base")) {
            if (text == null) {
                text = loadIfPresent("theme/" + theme + "/account/messages/messages_" + language + ".properties").getProperty(key);
            }
        }
        return text;
    }

    /** Keycloak's own console text for this key in this language (keycloak-account-ui). */
    public static String keycloaks(String language, String key) {
        String text = load("theme/keycloak.v3/account/messages/messages_" + language + ".properties").getProperty(key);
        if (text == null) {
            throw new AssertionError("Keycloak's " + language + " account console bundle has no " + key);
        }
        return text;
    }

    /** What the console shows now, text by text. */
    @SuppressWarnings("unchecked")
    public static List<String> visible(WebDriver driver) {
        return (List<String>) ((JavascriptExecutor) driver).executeScript(VISIBLE_TEXTS);
    }

    /**
     * The texts shown that are a value of Keycloak's English account bundles, parameters and tags filled
     * in any way; only values with at least four letters, and not those the language keeps as they are
     * (a word it shares with English, e.g. "Status"; AccountBundleTest holds these to a short list).
     */
    public static Set<String> english(List<String> shown, String language) {
        Properties english = english();
        List<String> values = english.stringPropertyNames().stream()
                .filter(key -> !english.getProperty(key).equals(inLanguage(language, key)))
                .map(english::getProperty)
                .map(value -> TAG.matcher(value).replaceAll(""))
                .filter(value -> PARAMETER.matcher(value).replaceAll("").codePoints().filter(Character::isLetter).count() >= 4)
                .distinct()
                .toList();
        Set<String> found = new TreeSet<>();
        for (String text : shown) {
            values.stream().filter(value -> pattern(value).matcher(text).matches()).findFirst()
                    .ifPresent(value -> found.add(text + "  (Keycloak's English: " + value + ")"));
        }
        return found;
    }

    private static Pattern pattern(String value) {
        StringBuilder regex = new StringBuilder();
        int last = 0;
        var matcher = PARAMETER.matcher(value);
        while (matcher.find()) {
            regex.append(Pattern.quote(value.substring(last, matcher.start()))).append(".*");
            last = matcher.end();
        }
        regex.append(Pattern.quote(value.substring(last)));
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
    }

    private static Properties english() {
        Properties english = new Properties();
        KEYCLOAK_ENGLISH.forEach(resource -> english.putAll(load(resource)));
        return english;
    }

    private static Properties bundle(String language) {
        Properties properties = new Properties();
        String file = "themes/src/main/resources/theme/nordic-sca/account/messages/messages_" + language + ".properties";
        try (Reader reader = Files.newBufferedReader(ProjectFiles.resolve(file), StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    private static Properties load(String resource) {
        if (AccountConsoleTexts.class.getClassLoader().getResource(resource) == null) {
            throw new AssertionError(resource + " is not on the test classpath");
        }
        return loadIfPresent(resource);
    }

    /** A bundle of Keycloak's, or none where it ships none for the language (nb, nn). */
    private static Properties loadIfPresent(String resource) {
        try (InputStream in = AccountConsoleTexts.class.getClassLoader().getResourceAsStream(resource)) {
            Properties properties = new Properties();
            if (in == null) {
                return properties;
            }
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
