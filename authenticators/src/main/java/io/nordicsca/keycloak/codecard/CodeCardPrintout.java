package io.nordicsca.keycloak.codecard;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URL;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import freemarker.cache.TemplateLoader;
import freemarker.cache.URLTemplateLoader;
import freemarker.core.HTMLOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateMethodModelEx;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.theme.Theme;
import org.keycloak.theme.beans.MessageFormatterMethod;

/**
 * The card as the bank prints or mails it: the login theme's {@value #TEMPLATE} rendered with
 * FreeMarker as Keycloak renders theme templates (see {@link #configuration}), the model {@link CodeCardPrint} and the
 * theme's messages in the customer's language (with the realm's overrides). The nordic-sca theme's
 * page is self-contained HTML (inline CSS, no scripts), so it prints the same from any browser and
 * can be archived as it was sent; a bank restyles it in a theme that extends nordic-sca.
 */
final class CodeCardPrintout {

    static final String TEMPLATE = "code-card-print.ftl";
    /** The theme that carries the template, for a realm whose login theme does not (then its texts come from there too). */
    static final String THEME = "nordic-sca";
    private static final Logger LOG = Logger.getLogger(CodeCardPrintout.class);

    private CodeCardPrintout() {
    }

    static String html(KeycloakSession session, RealmModel realm, UserModel user, CodeCardIssuer.IssuedCodeCard issued, Locale locale) {
        try {
            Theme theme = session.theme().getTheme(Theme.Type.LOGIN);
            if (theme.getTemplate(TEMPLATE) == null) {
                theme = session.theme().getTheme(THEME, Theme.Type.LOGIN);
            }
            Map<String, Object> attributes = new HashMap<>();
            attributes.put("msg", tolerant(theme.getEnhancedMessages(realm, locale), locale));
            attributes.put("locale", locale);
            attributes.put(CodeCardPrint.ATTRIBUTE, CodeCardPrint.of(realm, user, issued, locale));
            return render(configuration(templatesOf(theme)), attributes);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the login theme for the code card printout", e);
        } catch (TemplateException e) {
            // The page holds the codes: log where the template failed, never its values, and drop the cause (it may quote them).
            LOG.errorf("The code card printout template %s failed at line %d, column %d (%s)", TEMPLATE,
                    e.getLineNumber(), e.getColumnNumber(), e.getBlamedExpressionString());
            throw new IllegalStateException("The code card printout template failed; see the server log");
        }
    }

    /**
     * FreeMarker as Keycloak sets it up for theme templates (HTML escaping, no classes instantiated
     * from a template), except that a failing expression is never logged: FreeMarker's own error log
     * quotes the value it failed on, and here the values are security numbers. So Keycloak's
     * FreeMarkerProvider, which leaves that log on, is not used for this one page.
     */
    static Configuration configuration(TemplateLoader templates) {
        Configuration configuration = new Configuration(Configuration.VERSION_2_3_32);
        configuration.setOutputFormat(HTMLOutputFormat.INSTANCE);
        configuration.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        configuration.setTemplateLoader(templates);
        configuration.setDefaultEncoding("UTF-8");
        configuration.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        configuration.setLogTemplateExceptions(false);
        configuration.setAttemptExceptionReporter((failure, environment) -> {
        });
        return configuration;
    }

    static String render(Configuration configuration, Map<String, Object> attributes) throws IOException, TemplateException {
        StringWriter html = new StringWriter();
        configuration.getTemplate(TEMPLATE).process(attributes, html);
        return html.toString();
    }

    /** The theme's templates, its parents' included, as Keycloak finds them. */
    private static TemplateLoader templatesOf(Theme theme) {
        return new URLTemplateLoader() {
            @Override
            protected URL getURL(String name) {
                try {
                    return theme.getTemplate(name);
                } catch (IOException e) {
                    return null;
                }
            }
        };
    }

    /** Keycloak's msg, except that a realm's malformed text override shows as written instead of stopping a card from being issued. */
    private static TemplateMethodModelEx tolerant(Properties messages, Locale locale) {
        MessageFormatterMethod msg = new MessageFormatterMethod(locale, messages);
        return arguments -> {
            try {
                return msg.exec(arguments);
            } catch (IllegalArgumentException e) {
                return messages.getProperty(arguments.get(0).toString(), arguments.get(0).toString());
            }
        };
    }
}
