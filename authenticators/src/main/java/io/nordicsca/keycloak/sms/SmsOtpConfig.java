package io.nordicsca.keycloak.sms;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.nordicsca.keycloak.config.ConfigValues;
import io.nordicsca.keycloak.config.Setting;
import io.nordicsca.keycloak.secondfactor.SmsCodeSettings;
import io.nordicsca.keycloak.sms.sender.LogSmsSenderFactory;
import io.nordicsca.keycloak.sms.sender.SmsSender;
import io.nordicsca.keycloak.sms.sender.TwilioSmsSenderFactory;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * The SMS step's settings (also the register-phone action's), each declared once as a {@link Setting}:
 * the admin console form ({@link #PROPERTIES}), the reading with defaults ({@link #from}: a blank or
 * malformed value falls back to the default; numbers are clamped) and the check on save.
 *
 * @param allowedPrefixes E.164 prefixes SMS may go to ("+46", "+358"); empty allows every country
 * @param webOtpDomain    the domain of the WebOTP line; blank takes the realm's frontend URL or the server's fixed hostname
 */
public record SmsOtpConfig(int digits, int validSeconds, int resendCooldownSeconds, int triesPerCode, String sender,
                           String defaultRegion, List<String> allowedPrefixes,
                           int sendsPerUser, int sendsPerNumber, int sendsPerAddress, int sendsPerRealm, int limitWindowMinutes,
                           String webOtpDomain) {

    // What shapes the code and its page is shared with the unlock flow's decoy.
    static final Setting.Whole DIGITS = SmsCodeSettings.DIGITS;
    static final Setting.Whole VALID_SECONDS = SmsCodeSettings.VALID_SECONDS;
    static final Setting.Whole RESEND_COOLDOWN = SmsCodeSettings.RESEND_COOLDOWN;
    static final Setting.Whole TRIES_PER_CODE = SmsCodeSettings.TRIES_PER_CODE;
    static final Setting.Choice SENDER = Setting.provider("sender", "SMS sender",
            "'twilio' sends through Twilio (configured on the server, see the README). 'log' writes the SMS to the server log and works only where the server turned it on for a demo.",
            TwilioSmsSenderFactory.PROVIDER_ID, List.of(TwilioSmsSenderFactory.PROVIDER_ID, LogSmsSenderFactory.PROVIDER_ID), SmsSender.class);
    static final Setting.Text<String> DEFAULT_REGION = SmsCodeSettings.DEFAULT_REGION;
    static final Setting.Text<List<String>> ALLOWED_PREFIXES = Setting.text("allowedPrefixes", "Allowed countries (E.164 prefixes)",
            "Comma-separated, for example +46,+47,+358,+45. SMS to other numbers are not sent (protection against SMS pumping). Empty allows every country.", "",
            text -> prefixes(text).filter(SmsOtpConfig::isPrefix).toList(),
            text -> prefixes(text).allMatch(SmsOtpConfig::isPrefix) ? null
                    : "allowedPrefixes: E.164 prefixes (+ and 1 to 6 digits) separated by commas, such as +46,+358.");
    static final Setting.Whole SENDS_PER_USER = Setting.integer("sendsPerUser", "SMS per customer per window",
            "At most this many SMS to one customer within the window.", 5, 1, 50);
    static final Setting.Whole SENDS_PER_NUMBER = Setting.integer("sendsPerNumber", "SMS per phone number per window",
            "At most this many SMS to one number within the window, across customers.", 5, 1, 50)
            .note("It stops codes to a number that is being registered; a customer signing in with the number the bank has on file is never refused by it.");
    static final Setting.Whole SENDS_PER_ADDRESS = Setting.integer("sendsPerAddress", "SMS per client IP address per window",
            "At most this many SMS asked for from one IP address within the window.", 20, 1, 1000)
            .note("IPv6 addresses count per /64 network.");
    static final Setting.Whole SENDS_PER_REALM = Setting.integer("sendsPerRealm", "SMS per realm per window",
            "At most this many SMS from the whole realm within the window.", 1000, 1, 100_000)
            .note("Caps what SMS pumping can cost; set it a few times above your busiest window. "
                    + "Above 64 it starts refusing a little before it is full (at about 90%), never after.");
    static final Setting.Whole LIMIT_WINDOW = Setting.integer("limitWindowMinutes", "Window for SMS limits (minutes)",
            "The window the limits above count in.", 10, 1, 1440);
    static final Setting.Text<String> WEB_OTP_DOMAIN = Setting.text("webOtpDomain", "WebOTP domain",
            "The bank's sign-in domain for the SMS's last line (@domain #code), which lets browsers fill the code in on that domain only, "
                    + "for example login.bank.example. Empty: the realm's frontend URL, else the server's fixed hostname (--hostname); "
                    + "without either the line is left out, because the request's own Host header may be a phishing proxy's.", "",
            text -> text.isEmpty() ? "" : SmsTexts.host(text),
            text -> SmsTexts.host(text) == null ? "webOtpDomain: a host name such as login.bank.example." : null);

    /** In the admin console's order. */
    public static final List<Setting<?>> SETTINGS = List.of(DIGITS, VALID_SECONDS, RESEND_COOLDOWN, TRIES_PER_CODE, SENDER, DEFAULT_REGION,
            ALLOWED_PREFIXES, SENDS_PER_USER, SENDS_PER_NUMBER, SENDS_PER_ADDRESS, SENDS_PER_REALM, LIMIT_WINDOW, WEB_OTP_DOMAIN);

    public static final List<ProviderConfigProperty> PROPERTIES = Setting.properties(SETTINGS);

    public static SmsOtpConfig from(AuthenticatorConfigModel model) {
        return from(model == null ? null : model.getConfig());
    }

    /** Also the configuration of the register-phone required action, which has the same settings. */
    public static SmsOtpConfig from(Map<String, String> config) {
        ConfigValues values = ConfigValues.of(config);
        return new SmsOtpConfig(DIGITS.read(values), VALID_SECONDS.read(values), RESEND_COOLDOWN.read(values), TRIES_PER_CODE.read(values),
                SENDER.read(values), DEFAULT_REGION.read(values), ALLOWED_PREFIXES.read(values),
                SENDS_PER_USER.read(values), SENDS_PER_NUMBER.read(values), SENDS_PER_ADDRESS.read(values), SENDS_PER_REALM.read(values),
                LIMIT_WINDOW.read(values), WEB_OTP_DOMAIN.read(values));
    }

    /** The typed prefixes, spaces and dashes taken out ("+4-5" is +45). */
    private static Stream<String> prefixes(String text) {
        return Arrays.stream(text.split(",")).map(prefix -> prefix.replaceAll("[\\s-]", "")).filter(prefix -> !prefix.isEmpty());
    }

    private static boolean isPrefix(String prefix) {
        return prefix.matches("\\+[0-9]{1,6}");
    }
}
