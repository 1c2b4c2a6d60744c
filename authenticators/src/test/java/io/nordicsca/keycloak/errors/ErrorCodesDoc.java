package io.nordicsca.keycloak.errors;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Writes {@code docs/error-codes.md} from {@link CustomerError} and the English theme bundle.
 * {@link CustomerErrorCatalogueTest} compares the file with this output and, with
 * {@value #WRITE_PROPERTY}=true, writes it.
 */
final class ErrorCodesDoc {

    static final String WRITE_PROPERTY = "nordicsca.write-error-codes";
    static final String DOC = "docs/error-codes.md";
    static final String REGENERATE = "./mvnw -B -q -o -pl authenticators -am test -Dtest=CustomerErrorCatalogueTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -D" + WRITE_PROPERTY + "=true";
    static final String[] LANGUAGES = {"en", "sv", "fi", "nb", "nn", "da"};
    /**
     * The failures Keycloak's own pages show, not ours, so no code of ours names them: the theme's text of
     * Keycloak's message (these keys) ends with the code, in every language ({@link CustomerErrorCatalogueTest}).
     * A wrong password reads as a locked account does (Keycloak's choice, so that a lock is not given away).
     */
    static final Map<CustomerError, List<String>> SHOWN_BY_KEYCLOAK = Map.of(
            CustomerError.PASSWORD_WRONG, List.of("invalidUserMessage", "invalidPasswordMessage", "accountTemporarilyDisabledMessage",
                    "accountPermanentlyDisabledMessage"),
            CustomerError.ACCOUNT_DISABLED, List.of("accountDisabledMessage"),
            CustomerError.METHOD_NOT_SET_UP, List.of("credentialSetupRequired"),
            CustomerError.TIMEOUT_SIGN_IN, List.of("loginTimeout"));

    private ErrorCodesDoc() {
    }

    static String render(Properties english) {
        StringBuilder doc = new StringBuilder();
        doc.append("# Error codes\n\n")
                .append("<!-- Generated from io.nordicsca.keycloak.errors.CustomerError and the English theme bundle; do not edit.\n")
                .append("     Regenerate: ").append(REGENERATE).append(" -->\n\n")
                .append("Every failure a customer can meet on the Nordic SCA pages has a stable code. The page shows the code, a title,\n")
                .append("what happened and what to do; when the customer may need the bank to go on (*Phone* below), also the bank's\n")
                .append("customer service number and opening hours from the realm's Nordic SCA settings (`supportPhone`,\n")
                .append("`supportHours`; without a number the page says to contact the bank). Texts are in en, sv, fi, nb, nn and da;\n")
                .append("the English ones are below.\n\n")
                .append("Codes are `NSCA-` and four digits. The first digit is the group; within each factor's group the same endings\n")
                .append("mean the same thing: `x0xx` the factor's own failures, `x901` locked for a while, `x902` locked until the\n")
                .append("customer unlocks it (password only), `x903` locked until the bank unlocks it, `x904` the warning before the\n")
                .append("attempt that makes a lock permanent (a notice, shown as a warning), `x920` this sign-in stopped after too many\n")
                .append("wrong answers. The SMS send failures keep their earlier codes: `SMS-nnn` is `NSCA-3nnn`. A code never changes\n")
                .append("meaning; a retired one stays unused. Several codes may share a text: the customer reads the same thing,\n")
                .append("support still tells them apart.\n\n")
                .append("Not coded, on purpose: hints about the form of an input (empty, not digits, wrong length: nothing happened yet)\n")
                .append("and notices that ask for nothing (a code was sent again, wait before asking again, the card is running out).\n\n")
                .append("Where the failure is an answer the customer can correct (a wrong or used-up code), the page keeps the field's\n")
                .append("own message, which says more (tries left), and shows the code under it. Keycloak's own pages show a few:\n")
                .append("there the theme's text of Keycloak's message ends with the code (no title, solution or phone of their own).\n\n");
        for (CustomerError error : CustomerError.values()) {
            if (SHOWN_BY_KEYCLOAK.containsKey(error)) {
                doc.append("- `").append(error.code()).append("`: ")
                        .append(String.join(", ", SHOWN_BY_KEYCLOAK.get(error).stream().map(key -> "`" + key + "`").toList())).append("\n");
            }
        }
        for (CustomerError.Group group : CustomerError.Group.values()) {
            doc.append("\n## ").append(group.digit()).append("xxx: ").append(group.title()).append("\n\n")
                    .append("| Code | Title | Problem | Solution | Phone |\n")
                    .append("|---|---|---|---|---|\n");
            for (CustomerError error : CustomerError.values()) {
                if (error.group() != group) {
                    continue;
                }
                String code = "`" + error.code() + "`";
                if (error.legacyCode() != null) {
                    code += " (was `" + error.legacyCode() + "`)";
                }
                if (error.level() == CustomerError.Level.WARNING) {
                    code += " warning";
                }
                doc.append("| ").append(code)
                        .append(" | ").append(text(english, error.titleKey()))
                        .append(" | ").append(text(english, error.problemKey()))
                        .append(" | ").append(text(english, error.solutionKey()))
                        .append(" | ").append(error.showsPhone() ? "yes" : "no")
                        .append(" |\n");
            }
        }
        doc.append("\n## Retired\n\nNo customer meets these any more; the codes stay unused.\n\n")
                .append("| Code | Why |\n")
                .append("|---|---|\n");
        for (CustomerError.Retired retired : CustomerError.RETIRED) {
            doc.append("| `").append(retired.code()).append("` | ").append(retired.why().replace("|", "\\|")).append(" |\n");
        }
        return doc.toString();
    }

    /** The text as the page shows it (MessageFormat: '' is one apostrophe). */
    static String text(Properties bundle, String key) {
        String pattern = bundle.getProperty(key);
        if (pattern == null) {
            throw new IllegalStateException("no message " + key);
        }
        return new MessageFormat(pattern, Locale.ENGLISH).format(new Object[0]).replace("|", "\\|");
    }

    static Properties bundle(String language) {
        Properties bundle = new Properties();
        Path file = root().resolve("themes/src/main/resources/theme/nordic-sca/login/messages/messages_" + language + ".properties");
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            bundle.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bundle;
    }

    /** The repository: Maven runs the tests in the module's folder. */
    static Path root() {
        return Path.of("").toAbsolutePath().getParent();
    }
}
