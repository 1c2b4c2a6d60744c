package io.nordicsca.keycloak.errors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.nordicsca.keycloak.sms.SmsOutcome;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The error-code catalogue: complete in six languages, one meaning per code, and its document up to date. */
class CustomerErrorCatalogueTest {

    @Test
    void everyCodeHasATitleAProblemAndASolutionInAllSixLanguages() {
        List<String> missing = new ArrayList<>();
        for (String language : ErrorCodesDoc.LANGUAGES) {
            missing.addAll(CatalogueChecks.missingTexts(Arrays.asList(CustomerError.values()), ErrorCodesDoc.bundle(language), language));
        }
        assertTrue(missing.isEmpty(), "texts missing from the theme bundles: " + missing);
    }

    @Test
    void noTwoEntriesShareACodeAndEveryCodeHasTheCataloguesForm() {
        List<String> problems = CatalogueChecks.codeProblems(Arrays.asList(CustomerError.values()));
        assertTrue(problems.isEmpty(), String.join("; ", problems));
    }

    @Test
    void theChecksCatchAMissingTextAndASharedCode() {
        // The checks themselves must be able to fail: a bundle without one key, and a code used twice.
        Properties english = ErrorCodesDoc.bundle("en");
        english.remove(CustomerError.CARD_REVOKED.solutionKey());
        assertTrue(CatalogueChecks.missingTexts(List.of(CustomerError.CARD_REVOKED), english, "en").get(0)
                .contains(CustomerError.CARD_REVOKED.solutionKey()));
        assertEquals(1, CatalogueChecks.duplicates(List.of("NSCA-2003", "NSCA-2004", "NSCA-2003")).size());
    }

    @Test
    void theSmsCodesKeepTheirMeaningAsNscaThreeThousandAndTheirNumber() {
        // What each SMS-nnn meant before the catalogue (README, "SMS provider errors"): the same failure keeps its number.
        Map<SmsOutcome, String> before = Map.of(SmsOutcome.INVALID_NUMBER, "SMS-101", SmsOutcome.UNREACHABLE_NUMBER, "SMS-102",
                SmsOutcome.RATE_LIMITED, "SMS-201", SmsOutcome.PROVIDER_UNAVAILABLE, "SMS-202", SmsOutcome.TIMEOUT, "SMS-203",
                SmsOutcome.MISCONFIGURED, "SMS-301");
        assertNull(SmsOutcome.SENT.error());
        for (SmsOutcome outcome : before.keySet()) {
            CustomerError error = outcome.error();
            assertEquals(before.get(outcome), error.legacyCode(), outcome.name());
            assertEquals("NSCA-3" + before.get(outcome).substring("SMS-".length()), error.code(), outcome.name());
            assertEquals(error, CustomerError.byCode(before.get(outcome)).orElseThrow());
            assertEquals(error.group(), CustomerError.Group.SMS);
        }
        assertEquals(SmsOutcome.values().length - 1, before.size(), "every failed send is in the table");
    }

    @Test
    void everyEntryIsShownSomewhereOrRetiredAndNoEntryReusesARetiredNumber() throws IOException {
        Set<String> referenced = new TreeSet<>(MainSources.referencedEntries());
        // A realm that hides which factor failed shows a named entry's neutral twin instead (lockout's pages call withoutFactor).
        Arrays.stream(CustomerError.values()).filter(error -> referenced.contains(error.name()))
                .map(error -> error.withoutFactor().name()).toList().forEach(referenced::add);
        List<String> neverShown = new ArrayList<>();
        for (CustomerError error : CustomerError.values()) {
            boolean shown = referenced.contains(error.name()) || ErrorCodesDoc.SHOWN_BY_KEYCLOAK.containsKey(error);
            if (!shown) {
                neverShown.add(error.code() + " " + error.name());
            }
        }
        assertTrue(neverShown.isEmpty(), "catalogue entries no code shows (wire them where the failure is shown, or retire them): " + neverShown);
        for (CustomerError error : ErrorCodesDoc.SHOWN_BY_KEYCLOAK.keySet()) {
            assertFalse(referenced.contains(error.name()), error + " is shown by our code: take it off the list of Keycloak's pages");
        }
        for (CustomerError.Retired retired : CustomerError.RETIRED) {
            assertTrue(CustomerError.byCode(retired.code()).isEmpty(), retired.code() + " is retired and must not be given again");
            assertFalse(retired.why().isBlank());
        }
    }

    @Test
    void keycloaksOwnPagesCarryTheirCodeInEveryLanguage() {
        List<String> missing = new ArrayList<>();
        for (String language : ErrorCodesDoc.LANGUAGES) {
            Properties bundle = ErrorCodesDoc.bundle(language);
            ErrorCodesDoc.SHOWN_BY_KEYCLOAK.forEach((error, keys) -> keys.stream()
                    .filter(key -> bundle.getProperty(key) == null || !bundle.getProperty(key).endsWith(" " + error.code() + ")"))
                    .forEach(key -> missing.add(key + " (" + language + ") lacks " + error.code())));
        }
        assertTrue(missing.isEmpty(), String.join("; ", missing));
        // Keycloak shows the same text for a wrong password and a locked account, so that a lock is not given away: the same code too.
        Properties english = ErrorCodesDoc.bundle("en");
        for (String key : List.of("accountTemporarilyDisabledMessage", "accountPermanentlyDisabledMessage")) {
            assertEquals(english.getProperty("invalidUserMessage"), english.getProperty(key), key);
        }
    }

    @Test
    void theReferenceScanFindsAnEntryOnlyWhereCodeNamesIt() {
        // The scan must be able to fail: a name in a comment or a string does not count, a use in code does.
        assertEquals(Set.of("CARD_REVOKED"), MainSources.referencesIn("""
                // CustomerError.CARD_EXPIRED is not shown here
                String s = "CustomerError.SMS_NO_NUMBER";
                return CustomerError.CARD_REVOKED.notice(realm);
                """));
    }

    @Test
    void aRealmThatHidesTheFactorShowsLocksAndWarningsWithoutNamingIt() {
        assertEquals(CustomerError.FACTOR_LOCKED_TEMPORARILY, CustomerError.CARD_LOCKED_TEMPORARILY.withoutFactor());
        assertEquals(CustomerError.FACTOR_LOCKED_TEMPORARILY, CustomerError.PASSWORD_LOCKED_TEMPORARILY.withoutFactor());
        assertEquals(CustomerError.FACTOR_LOCKED_BANK, CustomerError.APP_LOCKED_BANK.withoutFactor());
        assertEquals(CustomerError.FACTOR_LAST_ATTEMPT, CustomerError.SMS_LAST_ATTEMPT.withoutFactor());
        assertEquals(CustomerError.SIGN_IN_BLOCKED, CustomerError.CARD_BLOCKED.withoutFactor());
        assertEquals(CustomerError.PASSWORD_LOCKED_SELF_SERVICE, CustomerError.PASSWORD_LOCKED_SELF_SERVICE.withoutFactor());
        assertEquals(CustomerError.CARD_REVOKED, CustomerError.CARD_REVOKED.withoutFactor());
        for (CustomerError error : CustomerError.values()) {
            CustomerError neutral = error.withoutFactor();
            assertTrue(neutral == error || neutral.group() == CustomerError.Group.PASSWORD, error + " -> " + neutral);
            assertEquals(neutral, neutral.withoutFactor(), "a neutral entry stays neutral");
        }
    }

    @Test
    void docsErrorCodesIsWhatTheCatalogueGenerates() throws IOException {
        String generated = ErrorCodesDoc.render(ErrorCodesDoc.bundle("en"));
        Path doc = ErrorCodesDoc.root().resolve(ErrorCodesDoc.DOC);
        if (Boolean.getBoolean(ErrorCodesDoc.WRITE_PROPERTY)) {
            Files.writeString(doc, generated, StandardCharsets.UTF_8);
        }
        String committed = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "";
        assertEquals(generated, committed, ErrorCodesDoc.DOC + " is stale; regenerate it with: " + ErrorCodesDoc.REGENERATE);
    }

    /** The entries the main code names ({@code CustomerError.NAME}), outside the catalogue itself, comments and strings left out. */
    static final class MainSources {

        private static final Pattern REFERENCE = Pattern.compile("\\bCustomerError\\.([A-Z][A-Z0-9_]*)\\b");
        private static final Pattern COMMENT_OR_STRING = Pattern.compile("//[^\\n]*|/\\*.*?\\*/|\"(?:\\\\.|[^\"\\\\])*\"", Pattern.DOTALL);

        static Set<String> referencedEntries() throws IOException {
            Path main = ErrorCodesDoc.root().resolve("authenticators/src/main/java");
            Path catalogue = main.resolve("io/nordicsca/keycloak/errors/CustomerError.java");
            Set<String> names = new TreeSet<>();
            try (Stream<Path> files = Files.walk(main)) {
                for (Path file : files.filter(path -> path.toString().endsWith(".java") && !path.equals(catalogue)).toList()) {
                    names.addAll(referencesIn(Files.readString(file, StandardCharsets.UTF_8)));
                }
            }
            return names;
        }

        static Set<String> referencesIn(String source) {
            Set<String> names = new TreeSet<>();
            Matcher matcher = REFERENCE.matcher(COMMENT_OR_STRING.matcher(source).replaceAll(" "));
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
            return names;
        }
    }

    /** The checks, apart from the catalogue, so a test can show they fail. */
    static final class CatalogueChecks {

        static List<String> missingTexts(List<CustomerError> errors, Properties bundle, String language) {
            List<String> missing = new ArrayList<>();
            for (CustomerError error : errors) {
                for (String key : List.of(error.titleKey(), error.problemKey(), error.solutionKey())) {
                    String text = bundle.getProperty(key);
                    if (text == null || text.isBlank()) {
                        missing.add(error.code() + " " + key + " (" + language + ")");
                    } else if (text.contains("{")) {
                        missing.add(error.code() + " " + key + " (" + language + ") takes parameters, which the notice never passes");
                    }
                }
            }
            return missing;
        }

        static List<String> codeProblems(List<CustomerError> errors) {
            List<String> problems = new ArrayList<>();
            for (CustomerError error : errors) {
                if (!error.code().matches("NSCA-[1-9][0-9]{3}")) {
                    problems.add(error + " has code " + error.code());
                }
                try {
                    error.group();
                } catch (RuntimeException e) {
                    problems.add(error + " is in no group");
                }
            }
            List<String> codes = new ArrayList<>(errors.stream().map(CustomerError::code).toList());
            errors.stream().map(CustomerError::legacyCode).filter(code -> code != null).forEach(codes::add);
            duplicates(codes).forEach(code -> problems.add(code + " is used twice"));
            return problems;
        }

        static List<String> duplicates(List<String> codes) {
            Map<String, Long> counts = new HashMap<>(codes.stream().collect(Collectors.groupingBy(code -> code, Collectors.counting())));
            return counts.entrySet().stream().filter(entry -> entry.getValue() > 1).map(Map.Entry::getKey).sorted().toList();
        }
    }
}
