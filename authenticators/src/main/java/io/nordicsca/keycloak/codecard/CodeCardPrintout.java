package io.nordicsca.keycloak.codecard;

import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import freemarker.template.TemplateException;
import freemarker.template.TemplateMethodModelEx;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.theme.FreeMarkerException;
import org.keycloak.theme.Theme;
import org.keycloak.theme.beans.MessageFormatterMethod;
import org.keycloak.theme.freemarker.FreeMarkerProvider;

/**
 * The card as the bank prints or mails it: the login theme's {@value #TEMPLATE} rendered with
 * Keycloak's FreeMarker (as Keycloak renders its e-mails), the model {@link CodeCardPrint} and the
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
            return session.getProvider(FreeMarkerProvider.class).processTemplate(attributes, TEMPLATE, theme);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the login theme for the code card printout", e);
        } catch (FreeMarkerException e) {
            // The page holds the codes: log where the template failed, never its values, and drop the cause (it may quote them).
            TemplateException template = e.getCause() instanceof TemplateException t ? t : null;
            LOG.errorf("The code card printout template %s failed%s", TEMPLATE, template == null ? ""
                    : " at line " + template.getLineNumber() + ", column " + template.getColumnNumber() + " (" + template.getBlamedExpressionString() + ")");
            throw new IllegalStateException("The code card printout template failed; see the server log");
        }
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
