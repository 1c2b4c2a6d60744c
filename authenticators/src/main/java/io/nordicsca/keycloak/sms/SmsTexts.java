package io.nordicsca.keycloak.sms;

import java.io.IOException;
import java.net.URI;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;

import io.nordicsca.keycloak.payment.Payment;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.theme.Theme;

/**
 * The SMS itself, in the customer's language from the realm's login theme (message
 * {@code smsText}, which the bank can override under Realm settings → Localization). It names the
 * bank, warns against sharing the code, and ends with the WebOTP line ({@code @domain #code}) so
 * browsers that support it can fill the code in. A code for a payment is sent with
 * {@code smsPaymentText} instead, which names the amount and the payee, by name and by account
 * ({@link Payment#accountShown()}; the name is the relying party's free text). PSD2 RTS art. 5: the payer
 * is made aware of the amount and the payee before approving.
 *
 * <p>The WebOTP domain is what a browser checks before it fills the code into a page: it must be
 * the bank's, from configuration, never the Host header of the request (a phishing proxy forwards
 * its own). In order: the step's setting {@code webOtpDomain}, the realm's frontend URL, Keycloak's
 * fixed hostname ({@code --hostname}). Without any of them the line is left out.
 *
 * <p>A code for the phone's keypad (the call-centre API) is sent with {@code smsKeypadText}: the code
 * first, to be read while typing it during the call, at most {@value #KEYPAD_MAX} characters (one SMS
 * segment even in UCS-2), and no WebOTP line (no browser takes it).
 */
final class SmsTexts {

    static final String KEY = "smsText";
    static final String PAYMENT_KEY = "smsPaymentText";
    static final String KEYPAD_KEY = "smsKeypadText";
    /** One SMS segment in UCS-2, the alphabet any character outside GSM 7-bit switches the whole SMS to. */
    static final int KEYPAD_MAX = 70;
    /** The realm attribute Keycloak keeps the realm's frontend URL in (Realm settings → General → Frontend URL). */
    static final String FRONTEND_URL = "frontendUrl";
    /** When the realm's login theme is not ours and carries no text. */
    private static final String FALLBACK = "{1} is your {0} one-time code. It is valid for {2} minutes. Never share it with anyone, not even the bank.";
    private static final String PAYMENT_FALLBACK = "{1} is your {0} code to pay {3} to {4}, account {5}. It is valid for {2} minutes. "
            + "Never share it with anyone, not even the bank.";
    private static final String KEYPAD_FALLBACK = "{1}: {0} code. Type it on the keypad, never say it.";

    private SmsTexts() {
    }

    /**
     * @param domain  the WebOTP domain, or null to leave the WebOTP line out
     * @param payment the payment the code approves, or null for a sign-in or registration code
     */
    static String text(KeycloakSession session, RealmModel realm, UserModel user, String code, int validSeconds, String domain, Payment payment) {
        Locale locale = session.getContext().resolveLocale(user);
        Properties messages = messages(session, realm, locale);
        String body = body(messages, locale, bankName(realm), code, validSeconds, payment);
        return domain == null ? body : body + "\n\n@" + domain + " #" + code;
    }

    static String body(Properties messages, Locale locale, String bank, String code, int validSeconds, Payment payment) {
        String minutes = String.valueOf(Math.max(1, validSeconds / 60));
        if (payment == null) {
            return new MessageFormat(messages.getProperty(KEY, FALLBACK), locale).format(new Object[] {bank, code, minutes});
        }
        // A plain space for the locale's no-break ones: outside the GSM 7-bit alphabet, one would turn the SMS into
        // UCS-2 and split it into more parts.
        String amount = payment.amountText(locale).replace('\u00a0', ' ').replace('\u202f', ' ');
        return new MessageFormat(messages.getProperty(PAYMENT_KEY, PAYMENT_FALLBACK), locale)
                .format(new Object[] {bank, code, minutes, amount, payment.payeeName(), payment.accountShown()});
    }

    /** The keypad SMS in the customer's language ({@value #KEYPAD_KEY}), as the sign-in's SMS resolves it. */
    static String keypadText(KeycloakSession session, RealmModel realm, UserModel user, String code, int validSeconds) {
        Locale locale = session.getContext().resolveLocale(user);
        return keypadBody(messages(session, realm, locale), locale, bankName(realm), code, validSeconds);
    }

    static String keypadBody(Properties messages, Locale locale, String bank, String code, int validSeconds) {
        String minutes = String.valueOf(Math.max(1, validSeconds / 60));
        return new MessageFormat(messages.getProperty(KEYPAD_KEY, KEYPAD_FALLBACK), locale).format(new Object[] {bank, code, minutes});
    }

    private static String bankName(RealmModel realm) {
        return realm.getDisplayName() == null || realm.getDisplayName().isBlank() ? realm.getName() : realm.getDisplayName();
    }

    /** The WebOTP domain from configuration, or null when the hostname is not fixed. */
    static String webOtpDomain(String configured, String frontendUrl, String serverHostname) {
        for (String candidate : new String[] {configured, frontendUrl, serverHostname}) {
            String host = host(candidate);
            if (host != null) {
                return host;
            }
        }
        return null;
    }

    /** Keycloak's {@code hostname} option (a host name or a URL), or null when the server takes it from each request. */
    static String serverHostname() {
        return Config.scope("hostname", "v2").get("hostname");
    }

    /** The host of a URL or a bare host name; null for blank or unusable values. */
    static String host(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        try {
            URI uri = URI.create(trimmed.contains("://") ? trimmed : "https://" + trimmed);
            String host = uri.getHost();
            return host == null || uri.getRawUserInfo() != null || !host.matches("[A-Za-z0-9.-]+") ? null : host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Properties messages(KeycloakSession session, RealmModel realm, Locale locale) {
        try {
            return session.theme().getTheme(Theme.Type.LOGIN).getEnhancedMessages(realm, locale);
        } catch (IOException e) {
            return new Properties();
        }
    }
}
