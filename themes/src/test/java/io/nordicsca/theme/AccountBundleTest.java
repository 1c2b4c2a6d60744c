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
 * Keycloak 26.7 ships no nb or nn bundle for its account console (keycloak.v3), so our account theme
 * carries one in full. Checked against the English bundles in Keycloak's own jars on the test classpath
 * (keycloak-account-ui, keycloak-themes), so a Keycloak upgrade that adds a text fails here.
 */
class AccountBundleTest {

    private static final String CONSOLE_ENGLISH = "theme/keycloak.v3/account/messages/messages_en.properties";
    private static final String BASE_ENGLISH = "theme/base/account/messages/messages_en.properties";
    private static final String OURS = "theme/nordic-sca/account/messages/messages_%s.properties";

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

    /** Texts that read the same in Norwegian: only parameters, or a word Norwegian shares with English. */
    private static final Set<String> SAME_AS_ENGLISH = Set.of(
            "fullName",  // {{givenName}} {{familyName}}
            "logo",      // Logo
            "status");   // Status

    /** Our own credential types; every other key of sv, fi and da comes from Keycloak's bundles. */
    private static final Set<String> OUR_KEYS = Set.of(
            "code-card-display-name", "code-card-help-text", "app-device-display-name", "app-device-help-text");

    /** Words of one written standard that the other never uses (Bokmål / Nynorsk), as whole words. */
    private static final Map<String, List<String>> FOREIGN_WORDS = Map.of(
            "nn", List.of("ikke", "jeg", "hva", "hvordan", "hvis", "bare", "noen", "noe", "fra", "mer", "også",
                    "enhet", "enheter", "bruker", "brukere", "brukernavn", "navn", "sikkerhet", "innlogginger"),
            "nb", List.of("ikkje", "eg", "kva", "korleis", "viss", "berre", "nokon", "noko", "frå", "meir", "òg",
                    "eining", "einingar", "brukar", "brukarar", "brukarnamn", "namn", "tryggleik", "innloggingar"));

    private static final Pattern PARAMETER_OR_TAG = Pattern.compile("\\{\\{\\w+}}|</?\\d+>|\\$\\{\\w+}");

    @ParameterizedTest
    @ValueSource(strings = {"nb", "nn"})
    void carriesEveryTextOfTheConsole(String language) {
        Properties ours = load(OURS.formatted(language));
        Set<String> missing = new TreeSet<>(consoleEnglish().stringPropertyNames());
        missing.addAll(BASE_KEYS_THE_CONSOLE_SHOWS);
        missing.removeAll(ours.stringPropertyNames());
        assertEquals(Set.of(), missing, language + " lacks texts of Keycloak's account console");
        assertTrue(ours.stringPropertyNames().containsAll(OUR_KEYS), language + " lacks our credential types");
    }

    @Test
    void theBaseKeysListedAreKeycloaks() {
        Set<String> unknown = new TreeSet<>(BASE_KEYS_THE_CONSOLE_SHOWS);
        unknown.removeAll(load(BASE_ENGLISH).stringPropertyNames());
        assertEquals(Set.of(), unknown, "keys no longer in Keycloak's base account bundle");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nb", "nn"})
    void noTextIsLeftInEnglish(String language) {
        Properties ours = load(OURS.formatted(language));
        Properties english = english();
        Set<String> untranslated = ours.stringPropertyNames().stream()
                .filter(key -> !SAME_AS_ENGLISH.contains(key))
                .filter(key -> ours.getProperty(key).equalsIgnoreCase(english.getProperty(key, "")))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(), untranslated, language + " texts equal to English");
        SAME_AS_ENGLISH.forEach(key -> assertEquals(english.getProperty(key), ours.getProperty(key),
                key + " is listed as reading the same as English in " + language));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nb", "nn"})
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

    /** sv, fi and da: Keycloak ships these bundles; ours may only add our own keys, never replace Keycloak's. */
    @ParameterizedTest
    @ValueSource(strings = {"sv", "fi", "da"})
    void leavesKeycloaksBundleAlone(String language) {
        Set<String> keys = new TreeSet<>(load(OURS.formatted(language)).stringPropertyNames());
        assertEquals(OUR_KEYS, keys, language);
        assertFalse(load("theme/keycloak.v3/account/messages/messages_" + language + ".properties").isEmpty(),
                "Keycloak ships a " + language + " account console bundle");
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
        try (InputStream in = AccountBundleTest.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new AssertionError(resource + " is not on the test classpath");
            }
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
