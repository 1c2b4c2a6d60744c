package io.nordicsca.keycloak.sms;

import java.io.IOException;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.theme.Theme;

/**
 * The SMS itself, in the customer's language from the realm's login theme (message
 * {@code smsText}, which the bank can override under Realm settings → Localization). It names the
 * bank, warns against sharing the code, and ends with the WebOTP line ({@code @host #code}) so
 * browsers that support it can fill the code in.
 */
final class SmsTexts {

    static final String KEY = "smsText";
    /** When the realm's login theme is not ours and carries no text. */
    private static final String FALLBACK = "{1} is your {0} one-time code. It is valid for {2} minutes. Never share it with anyone, not even the bank.";

    private SmsTexts() {
    }

    static String text(KeycloakSession session, RealmModel realm, UserModel user, String code, int validSeconds, String host) {
        Locale locale = session.getContext().resolveLocale(user);
        String pattern = messages(session, realm, locale).getProperty(KEY, FALLBACK);
        String bank = realm.getDisplayName() == null || realm.getDisplayName().isBlank() ? realm.getName() : realm.getDisplayName();
        String body = new MessageFormat(pattern, locale).format(new Object[] {bank, code, String.valueOf(Math.max(1, validSeconds / 60))});
        return body + "\n\n@" + host + " #" + code;
    }

    private static Properties messages(KeycloakSession session, RealmModel realm, Locale locale) {
        try {
            return session.theme().getTheme(Theme.Type.LOGIN).getEnhancedMessages(realm, locale);
        } catch (IOException e) {
            return new Properties();
        }
    }
}
