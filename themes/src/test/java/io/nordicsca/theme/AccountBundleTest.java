package io.nordicsca.theme;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The account console (keycloak.v3) in every language of ours. Keycloak 26.7 ships no nb or nn bundle for it, so
 * our account theme carries those in full; its sv, fi and da bundles lack texts (fi and da most of them) or leave
 * some in English, so ours carry exactly those, and never a text Keycloak translates (Keycloak merges the theme
 * chain's bundles, ours over its own). Checked against the bundles in Keycloak's own jars on the test classpath
 * (keycloak-account-ui, keycloak-themes), so a Keycloak upgrade that adds or translates a text fails here.
 */
class AccountBundleTest {

    private static final String CONSOLE_ENGLISH = "theme/keycloak.v3/account/messages/messages_en.properties";
    private static final String BASE_ENGLISH = "theme/base/account/messages/messages_en.properties";
    private static final String OURS = "theme/nordic-sca/account/messages/messages_%s.properties";
    /** Keycloak's bundles for a language along the console's theme chain, parent first (base, then keycloak.v3). */
    private static final List<String> KEYCLOAKS = List.of(
            "theme/base/account/messages/messages_%s.properties",
            "theme/keycloak.v3/account/messages/messages_%s.properties");

    /**
     * Keys of the base account theme (keycloak.v3's parent) that the v3 console's scripts ask for, and the
     * names of Keycloak's built-in clients that its Applications page shows; the rest of the base bundle
     * belongs to the old account pages.
     */
    private static final List<String> BASE_KEYS_THE_CONSOLE_SHOWS = List.of(
            "account", "action", "client_account", "client_account-console", "client_admin-cli", "client_broker",
            "client_realm-management", "client_security-admin-console", "credentialAttributeName",
            "credentialAttributeValue", "credentialCreatedDate", "credentialDeleteError", "credentialDeletedSuccess",
            "credentialIssuanceError", "credentialScopeName", "credentialUpdatedDate", "credentialUserAttributes",
            "credentialUserAttributesFor", "date", "deleteCredentialConfirm", "deleteIssuedCredentialConfirm",
            "doCancel", "doRevoke", "group", "icon", "issueToWallet", "issuedCredentialRevokeError",
            "issuedCredentialRevokeSuccess", "issuedCredentials", "issuedCredentialsExpiresAt",
            "issuedCredentialsIssuedAt", "issuedCredentialsWalletClient", "myVerifiableCredentials",
            "noIssuedCredentials", "noVerifiableCredentials", "perPage", "region", "revokeIssuedCredentialTitle",
            "revokeVerifiableCredentialTitle", "verifiableCredentials", "viewIssuedCredentials");

    /** Texts that read the same as in English: only parameters, or a word the language shares with English. */
    private static final Map<String, Set<String>> SAME_AS_ENGLISH = Map.of(
            "nb", Set.of("fullName", "logo", "status"),   // {{givenName}} {{familyName}}, Logo, Status
            "nn", Set.of("fullName", "logo", "status"),
            "sv", Set.of("fullName", "avatar", "status"), // Keycloak's: Avatar and Status are Swedish words
            "fi", Set.of("fullName", "logo"),             // Logo is a Finnish word
            "da", Set.of("fullName", "logo", "status"));

    /** Our own credential types, in every language. */
    private static final Set<String> OUR_KEYS = Set.of(
            "code-card-display-name", "code-card-help-text", "app-device-display-name", "app-device-help-text");

    /** Words of one written standard that the other never uses (Bokmål / Nynorsk), as whole words. */
    private static final Map<String, List<String>> FOREIGN_WORDS = Map.of(
            "nn", List.of("ikke", "jeg", "hva", "hvordan", "hvis", "bare", "noen", "noe", "fra", "mer", "også",
                    "enhet", "enheter", "bruker", "brukere", "brukernavn", "navn", "sikkerhet", "innlogginger"),
            "nb", List.of("ikkje", "eg", "kva", "korleis", "viss", "berre", "nokon", "noko", "frå", "meir", "òg",
                    "eining", "einingar", "brukar", "brukarar", "brukarnamn", "namn", "tryggleik", "innloggingar"));

    private static final Pattern PARAMETER_OR_TAG = Pattern.compile("\\{\\{\\w+}}|</?\\d+>|\\$\\{\\w+}");

    /** nb and nn from our bundle alone (Keycloak ships none); sv, fi and da from Keycloak's and ours together. */
    @ParameterizedTest
    @ValueSource(strings = {"nb", "nn", "sv", "fi", "da"})
    void carriesEveryTextOfTheConsole(String language) {
        Properties ours = load(OURS.formatted(language));
        Set<String> missing = consoleKeys();
        missing.removeAll(shown(language).stringPropertyNames());
        assertEquals(Set.of(), missing, language + " lacks texts of Keycloak's account console");
        assertTrue(ours.stringPropertyNames().containsAll(OUR_KEYS), language + " lacks our credential types");
    }

    @Test
    void theBaseKeysListedAreKeycloaks() {
        Set<String> unknown = new TreeSet<>(BASE_KEYS_THE_CONSOLE_SHOWS);
        unknown.removeAll(load(BASE_ENGLISH).stringPropertyNames());
        assertEquals(Set.of(), unknown, "keys no longer in Keycloak's base account bundle");
    }

    /** What the customer reads: ours, else Keycloak's text for the language (its own English ones count too). */
    @ParameterizedTest
    @ValueSource(strings = {"nb", "nn", "sv", "fi", "da"})
    void noTextIsLeftInEnglish(String language) {
        Properties shown = shown(language);
        Properties english = english();
        Set<String> keys = consoleKeys();
        keys.addAll(load(OURS.formatted(language)).stringPropertyNames());
        Set<String> same = SAME_AS_ENGLISH.get(language);
        Set<String> untranslated = keys.stream()
                .filter(key -> !same.contains(key))
                .filter(key -> readsAsEnglish(english, key, shown.getProperty(key)))
                .map(key -> key + "=" + shown.getProperty(key))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(), untranslated, language + " texts equal to English");
        same.forEach(key -> assertEquals(english.getProperty(key), shown.getProperty(key),
                key + " is listed as reading the same as English in " + language));
    }

    /**
     * sv, fi and da: ours only fills Keycloak's gaps. A key of ours that Keycloak's bundle also has must be one
     * Keycloak leaves in English (once Keycloak translates it, ours goes, and Keycloak's wording stays).
     */
    @ParameterizedTest
    @ValueSource(strings = {"sv", "fi", "da"})
    void overridesNoTextKeycloakTranslates(String language) {
        Properties keycloaks = keycloaks(language);
        assertFalse(keycloaks.isEmpty(), "Keycloak ships a " + language + " account console bundle");
        Properties english = english();
        Set<String> consoleKeys = consoleKeys();
        Set<String> overridden = load(OURS.formatted(language)).stringPropertyNames().stream()
                .filter(key -> !OUR_KEYS.contains(key))
                .filter(key -> !consoleKeys.contains(key)
                        || keycloaks.containsKey(key) && !readsAsEnglish(english, key, keycloaks.getProperty(key)))
                .map(key -> key + "=" + keycloaks.getProperty(key, "(not a text of the console)"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(), overridden, language + ": keys Keycloak already translates, or the console never shows");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nb", "nn", "sv", "fi", "da"})
    void keepsTheConsolesParametersAndMarkup(String language) {
        Properties ours = load(OURS.formatted(language));
        Properties english = english();
        english.stringPropertyNames().stream().filter(ours::containsKey).forEach(key -> assertEquals(
                parametersAndTags(english.getProperty(key)), parametersAndTags(ours.getProperty(key)),
                language + " " + key + ": the console fills in these parameters and tags"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nb", "nn"})
    void isWrittenInItsOwnStandard(String language) {
        Properties ours = load(OURS.formatted(language));
        List<String> foreign = FOREIGN_WORDS.get(language);
        Set<String> mixed = ours.stringPropertyNames().stream()
                .filter(key -> words(ours.getProperty(key)).stream().anyMatch(foreign::contains))
                .map(key -> key + "=" + ours.getProperty(key))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(), mixed, language + " texts with words of the other written standard");
    }

    /** The console (i18next) shows a text as it is: a MessageFormat-escaped '' would reach the customer doubled. */
    @ParameterizedTest
    @ValueSource(strings = {"en", "sv", "fi", "nb", "nn", "da"})
    void writesApostrophesOnce(String language) {
        Properties ours = load(OURS.formatted(language));
        Set<String> doubled = ours.stringPropertyNames().stream()
                .filter(key -> ours.getProperty(key).contains("''"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(), doubled, language);
    }

    private static Properties english() {
        Properties english = new Properties();
        english.putAll(load(BASE_ENGLISH));
        english.putAll(consoleEnglish());
        english.putAll(load(OURS.formatted("en")));
        return english;
    }

    private static Properties consoleEnglish() {
        return load(CONSOLE_ENGLISH);
    }

    /** Every key the console asks for: keycloak.v3's English bundle and the base keys it shows. */
    private static Set<String> consoleKeys() {
        Set<String> keys = new TreeSet<>(consoleEnglish().stringPropertyNames());
        keys.addAll(BASE_KEYS_THE_CONSOLE_SHOWS);
        return keys;
    }

    /** Keycloak's texts in a language as its theme chain merges them; empty where it ships none (nb, nn). */
    private static Properties keycloaks(String language) {
        Properties merged = new Properties();
        KEYCLOAKS.forEach(resource -> merged.putAll(loadIfPresent(resource.formatted(language))));
        return merged;
    }

    /** What the console shows in a language: Keycloak's texts with ours over them. */
    private static Properties shown(String language) {
        Properties shown = keycloaks(language);
        shown.putAll(load(OURS.formatted(language)));
        return shown;
    }

    private static boolean readsAsEnglish(Properties english, String key, String text) {
        return text != null && text.equalsIgnoreCase(english.getProperty(key, ""));
    }

    private static Set<String> parametersAndTags(String text) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = PARAMETER_OR_TAG.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group());
        }
        return found;
    }

    private static List<String> words(String text) {
        return List.of(text.toLowerCase(java.util.Locale.ROOT).split("[^\\p{L}]+"));
    }

    private static Properties load(String resource) {
        if (AccountBundleTest.class.getClassLoader().getResource(resource) == null) {
            throw new AssertionError(resource + " is not on the test classpath");
        }
        return loadIfPresent(resource);
    }

    private static Properties loadIfPresent(String resource) {
        try (InputStream in = AccountBundleTest.class.getClassLoader().getResourceAsStream(resource)) {
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
