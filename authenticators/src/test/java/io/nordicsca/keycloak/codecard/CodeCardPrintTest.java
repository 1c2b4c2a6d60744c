package io.nordicsca.keycloak.codecard;

import java.io.Reader;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.text.MessageFormat;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import freemarker.cache.FileTemplateLoader;
import freemarker.cache.StringTemplateLoader;
import freemarker.template.TemplateException;
import freemarker.template.TemplateMethodModelEx;
import org.junit.jupiter.api.Test;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The printable card: its grid (numbered down the columns, as paper cards are read) and the theme's
 * {@value CodeCardPrintout#TEMPLATE} rendered with the FreeMarker Keycloak uses (HTML auto-escaping on, as
 * Keycloak sets it for .ftl): every security number printed at its own position, the bank's and the
 * customer's texts escaped.
 */
class CodeCardPrintTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final Path THEME = Path.of("").toAbsolutePath().getParent().resolve("themes/src/main/resources/theme/nordic-sca/login");
    private final CodeCardIssuer issuer = new CodeCardIssuer(new SecureRandom(), Clock.fixed(NOW, ZoneOffset.UTC), 10);

    @Test
    void theGridIsNumberedDownTheColumnsFiveToARow() {
        List<String> codes = java.util.stream.IntStream.rangeClosed(1, 12).mapToObj(i -> "c" + i).toList();

        List<List<CodeCardPrint.Cell>> rows = CodeCardPrint.grid(codes);

        // 12 numbers in 5 columns: 3 rows; column 1 holds 1-3, column 2 holds 4-6, ..., column 5 is empty.
        assertEquals(3, rows.size());
        assertEquals(List.of(1, 4, 7, 10), rows.get(0).stream().map(CodeCardPrint.Cell::position).toList());
        assertEquals(List.of(3, 6, 9, 12), rows.get(2).stream().map(CodeCardPrint.Cell::position).toList());
        assertTrue(rows.stream().flatMap(List::stream).allMatch(cell -> cell.code().equals("c" + cell.position())));
    }

    @Test
    void everySecurityNumberIsPrintedOnceAtItsPosition() throws Exception {
        CodeCardIssuer.IssuedCodeCard issued = issuer.issue(new CodeCardSpec(148, 6, 365), null);
        CodeCardPrint print = CodeCardPrint.of(realm("Nordbank <b>"), user("Kari", "O'Kort"), issued, Locale.forLanguageTag("nb"));

        String html = render(print, "nb");

        for (int position = 1; position <= 148; position++) {
            String cell = "<td class=\"no\">" + position + "</td><td class=\"code\" data-position=\"" + position + "\">"
                    + issued.codes().get(position - 1) + "</td>";
            assertTrue(html.contains(cell), "position " + position + " missing or wrong");
        }
        assertEquals(148, html.split("class=\"code\"", -1).length - 1);
        assertTrue(html.contains("<html lang=\"nb\">"), html);
        assertTrue(html.contains("<dd id=\"holder\">Kari O&#39;Kort</dd>"), html);
        assertTrue(html.contains("Nordbank &lt;b&gt;"), "the realm's name is escaped: " + html);
        assertTrue(html.contains("<dd id=\"serial\">" + issued.credential().serial() + "</dd>"), html);
        assertFalse(html.contains(bundle("nb").getProperty("codeCardPrintNoExpiry")), "this card expires");
        assertFalse(html.contains("<script"), html);
    }

    @Test
    void aCardWithoutExpirySaysSoAndAHolderWithoutNameIsTheUsername() throws Exception {
        CodeCardIssuer.IssuedCodeCard issued = issuer.issue(new CodeCardSpec(30, 6, null), null);
        CodeCardPrint print = CodeCardPrint.of(realm(null), user(null, " "), issued, Locale.ENGLISH);

        String html = render(print, "en");

        assertTrue(html.contains("<dd id=\"expires\">" + bundle("en").getProperty("codeCardPrintNoExpiry") + "</dd>"), html);
        assertTrue(html.contains("<dd id=\"holder\">kari</dd>"), html);
        assertTrue(html.contains("bank-realm · "), "the realm's name without a display name: " + html);
    }

    @Test
    void aBankTemplateThatFailsOnASecurityNumberNeverPutsItInTheLog() throws Exception {
        CodeCardIssuer.IssuedCodeCard issued = issuer.issue(new CodeCardSpec(30, 6, null), null);
        CodeCardPrint print = CodeCardPrint.of(realm("Nordbank"), user("Kari", "Kort"), issued, Locale.ENGLISH);
        // A restyled card whose expression fails on the number itself (six digits with a leading letter are no number).
        StringTemplateLoader restyled = new StringTemplateLoader();
        restyled.putTemplate(CodeCardPrintout.TEMPLATE, "<#list card.rows() as row><#list row as cell>${('x' + cell.code())?number}</#list></#list>");
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getMessage() + " " + record.getThrown());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.addHandler(capture);
        try {
            TemplateException failure = assertThrows(TemplateException.class,
                    () -> CodeCardPrintout.render(CodeCardPrintout.configuration(restyled), model(print, "en")));
            assertTrue(failure.getMessage().contains("x" + issued.codes().get(0)), "FreeMarker's own message quotes the value");
        } finally {
            root.removeHandler(capture);
        }
        assertEquals(List.of(), logged.stream().filter(line -> issued.codes().stream().anyMatch(line::contains)).toList(),
                "nothing logged quotes a security number");
    }

    private static String render(CodeCardPrint print, String language) throws Exception {
        return CodeCardPrintout.render(CodeCardPrintout.configuration(new FileTemplateLoader(THEME.toFile())), model(print, language));
    }

    private static Map<String, Object> model(CodeCardPrint print, String language) throws Exception {
        Properties messages = bundle(language);
        TemplateMethodModelEx msg = arguments -> new MessageFormat(messages.getProperty(arguments.get(0).toString()), Locale.forLanguageTag(language))
                .format(arguments.subList(1, arguments.size()).stream().map(Object::toString).toArray());
        return Map.of("msg", msg, CodeCardPrint.ATTRIBUTE, print);
    }

    private static Properties bundle(String language) throws Exception {
        Properties bundle = new Properties();
        Path file = Path.of("").toAbsolutePath().getParent()
                .resolve("themes/src/main/resources/theme/nordic-sca/login/messages/messages_" + language + ".properties");
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            bundle.load(reader);
        }
        return bundle;
    }

    private static RealmModel realm(String displayName) {
        return (RealmModel) Proxy.newProxyInstance(CodeCardPrintTest.class.getClassLoader(), new Class<?>[]{RealmModel.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getDisplayName" -> displayName;
                    case "getName" -> "bank-realm";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static UserModel user(String first, String last) {
        return (UserModel) Proxy.newProxyInstance(CodeCardPrintTest.class.getClassLoader(), new Class<?>[]{UserModel.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getFirstName" -> first;
                    case "getLastName" -> last;
                    case "getUsername" -> "kari";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
