package io.nordicsca.keycloak.errors;

import java.io.File;
import java.io.StringWriter;
import java.text.MessageFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import freemarker.core.HTMLOutputFormat;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateMethodModelEx;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The theme's {@code errorNotice} macro, rendered with the FreeMarker Keycloak uses, HTML auto-escaping
 * on as in Keycloak, and {@code msg} formatting the English bundle as Keycloak's does: what every error
 * page will show, including the parts the demo realm's pages cannot show without support settings.
 */
class ErrorNoticeMacroTest {

    private static final SupportContact BANK = new SupportContact("+47 (0)915 04800", "Mon–Fri 8–18 <b>");

    @Test
    void anErrorShowsCodeTitleProblemSolutionAndTheBanksNumberAndHours() throws Exception {
        Properties english = ErrorCodesDoc.bundle("en");
        String html = render(CustomerError.CARD_REVOKED.notice(BANK), english);

        assertTrue(html.contains("pf-v5-c-alert pf-m-inline pf-v5-u-mb-md pf-m-danger"), html);
        assertTrue(html.contains("data-error-code=\"NSCA-2003\""), html);
        assertTrue(html.contains(">" + text(english, "errorNoticeCode", "NSCA-2003") + "<"), html);
        assertTrue(html.contains(">" + text(english, "errorCardUnusableTitle") + "<"), html);
        assertTrue(html.contains(">" + text(english, "codeCardRevoked") + "<"), html);
        assertTrue(html.contains(">" + text(english, "errorOtherWayOrBankSolution") + "<"), html);
        assertTrue(html.contains("<a href=\"tel:+4791504800\">+47 (0)915 04800</a>"), "a tap calls the number: " + html);
        assertTrue(html.contains(text(english, "errorNoticeHours", "Mon–Fri 8–18 &lt;b&gt;")), "the bank's text is escaped: " + html);
    }

    @Test
    void anErrorTheCustomerCanFixAloneAndARealmWithoutNumberShowNoNumber() throws Exception {
        Properties english = ErrorCodesDoc.bundle("en");
        for (ErrorNotice notice : List.of(CustomerError.CARD_WRONG_NUMBER.notice(BANK), CustomerError.CARD_REVOKED.notice(SupportContact.NONE))) {
            String html = render(notice, english);
            assertFalse(html.contains("tel:"), html);
            assertFalse(html.contains("-hours"), html);
            assertTrue(html.contains(text(english, "errorNoticeCode", notice.code())), html);
        }
    }

    @Test
    void aWarningIsAWarningAndARestartIsOneClick() throws Exception {
        String html = render(CustomerError.CARD_LAST_ATTEMPT.notice(SupportContact.NONE).withRestart("https://bank.example/restart?a=1&b=2"),
                ErrorCodesDoc.bundle("en"));
        assertTrue(html.contains("pf-m-warning"), html);
        assertFalse(html.contains("pf-m-danger"), html);
        assertTrue(html.contains("id=\"nordic-sca-error-restart\" href=\"https://bank.example/restart?a=1&amp;b=2\""), html);
        assertFalse(render(CustomerError.CARD_LAST_ATTEMPT.notice(SupportContact.NONE), ErrorCodesDoc.bundle("en")).contains("-restart"));
    }

    private static String render(ErrorNotice notice, Properties messages) throws Exception {
        Configuration configuration = new Configuration(Configuration.VERSION_2_3_32);
        configuration.setDirectoryForTemplateLoading(new File(ErrorCodesDoc.root().toFile(), "themes/src/main/resources/theme/nordic-sca/login"));
        configuration.setOutputFormat(HTMLOutputFormat.INSTANCE);
        TemplateMethodModelEx msg = arguments -> text(messages, arguments.get(0).toString(),
                arguments.subList(1, arguments.size()).stream().map(Object::toString).toArray());
        Map<String, Object> model = new HashMap<>();
        model.put("msg", msg);
        model.put("notice", notice);
        model.put("properties", Map.of(
                "kcAlertClass", "pf-v5-c-alert pf-m-inline pf-v5-u-mb-md", "kcAlertIconClass", "pf-v5-c-alert__icon",
                "kcAlertTitleClass", "pf-v5-c-alert__title", "kcAlertDescriptionClass", "pf-v5-c-alert__description",
                "kcFeedbackErrorIcon", "fa fa-fw fa-exclamation-circle", "kcFeedbackWarningIcon", "fa fa-fw fa-exclamation-triangle",
                "kcButtonClass", "pf-v5-c-button", "kcButtonPrimaryClass", "pf-m-primary", "kcButtonBlockClass", "pf-m-block"));
        Template page = new Template("page", "<#import \"nordic-sca-fields.ftl\" as fields><@fields.errorNotice notice=notice/>", configuration);
        StringWriter html = new StringWriter();
        page.process(model, html);
        return html.toString();
    }

    private static String text(Properties messages, String key, Object... parameters) {
        return new MessageFormat(messages.getProperty(key, key), Locale.ENGLISH).format(parameters);
    }
}
