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
import java.util.stream.Collectors;

import io.nordicsca.keycloak.sms.SmsOutcome;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        for (SmsOutcome outcome : SmsOutcome.values()) {
            if (outcome.errorCode() == null) {
                continue;
            }
            CustomerError error = CustomerError.byCode(outcome.errorCode()).orElseThrow(() -> new AssertionError(outcome + " has no code"));
            assertEquals("NSCA-3" + outcome.errorCode().substring("SMS-".length()), error.code(), outcome.name());
            assertEquals(outcome.errorCode(), error.legacyCode());
            assertEquals(error, CustomerError.byCode(error.code()).orElseThrow());
        }
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
