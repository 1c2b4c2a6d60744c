package io.nordicsca.keycloak.sms;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import io.nordicsca.keycloak.config.ConfigValues;
import io.nordicsca.keycloak.sms.sender.LogSmsSenderFactory;
import io.nordicsca.keycloak.sms.sender.TwilioSmsSenderFactory;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The SMS step's settings, declared once: the admin console form is built from
 * {@link #PROPERTIES}, and {@link #from} reads them with defaults and range checks (a blank or
 * malformed value falls back to the default; numbers are clamped).
 *
 * @param allowedPrefixes E.164 prefixes SMS may go to ("+46", "+358"); empty allows every country
 * @param webOtpDomain    the domain of the WebOTP line; blank takes the realm's frontend URL or the server's fixed hostname
 */
public record SmsOtpConfig(int digits, int validSeconds, int resendCooldownSeconds, int triesPerCode, String sender,
                           String defaultRegion, List<String> allowedPrefixes,
                           int sendsPerUser, int sendsPerNumber, int sendsPerAddress, int sendsPerRealm, int limitWindowMinutes,
                           String webOtpDomain) {

    static final String DIGITS = "digits";
    static final String VALID_SECONDS = "validSeconds";
    static final String RESEND_COOLDOWN = "resendCooldownSeconds";
    static final String TRIES_PER_CODE = "triesPerCode";
    static final String SENDER = "sender";
    static final String DEFAULT_REGION = "defaultRegion";
    static final String ALLOWED_PREFIXES = "allowedPrefixes";
    static final String SENDS_PER_USER = "sendsPerUser";
    static final String SENDS_PER_NUMBER = "sendsPerNumber";
    static final String SENDS_PER_ADDRESS = "sendsPerAddress";
    static final String SENDS_PER_REALM = "sendsPerRealm";
    static final String WEB_OTP_DOMAIN = "webOtpDomain";
    static final String LIMIT_WINDOW = "limitWindowMinutes";

    public static final List<ProviderConfigProperty> PROPERTIES = ProviderConfigurationBuilder.create()
            .property().name(DIGITS).label("Digits per code")
            .helpText("Digits of each SMS code, 4 to 10. Default 6 (NIST SP 800-63B asks for at least 6).")
            .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("6").add()
            .property().name(VALID_SECONDS).label("Code valid for (seconds)")
            .helpText("How long a sent code can be used, 10 to 600. Default 300 (5 minutes); NIST SP 800-63B allows at most 10 minutes.")
            .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("300").add()
            .property().name(RESEND_COOLDOWN).label("Wait before 'Send a new code' (seconds)")
            .helpText("The customer can ask for the code again after this many seconds, 0 to 300. While the code is valid the same code is sent again. Default 30.")
            .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("30").add()
            .property().name(TRIES_PER_CODE).label("Tries per code")
            .helpText("Wrong answers a code allows before a new one must be sent, 1 to 10. Default 3. Every wrong answer also counts towards the realm's brute-force lockout.")
            .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("3").add()
            .property().name(SENDER).label("SMS sender")
            .helpText("'twilio' sends through Twilio (configured on the server, see the README). 'log' writes the SMS to the server log and works only where the server turned it on for a demo.")
            .type(ProviderConfigProperty.LIST_TYPE).options(TwilioSmsSenderFactory.PROVIDER_ID, LogSmsSenderFactory.PROVIDER_ID)
            .defaultValue(TwilioSmsSenderFactory.PROVIDER_ID).add()
            .property().name(DEFAULT_REGION).label("Country of numbers without country code")
            .helpText("Two-letter country code used to read numbers written without +country, such as 070 123 45 67. Default SE.")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue("SE").add()
            .property().name(ALLOWED_PREFIXES).label("Allowed countries (E.164 prefixes)")
            .helpText("Comma-separated, for example +46,+47,+358,+45. SMS to other numbers are not sent (protection against SMS pumping). Empty allows every country.")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue("").add()
            .property().name(SENDS_PER_USER).label("SMS per customer per window")
            .helpText("At most this many SMS to one customer within the window, 1 to 50. Default 5.")
            .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("5").add()
            .property().name(SENDS_PER_NUMBER).label("SMS per phone number per window")
            .helpText("At most this many SMS to one number within the window, across customers, 1 to 50. Default 5. "
                    + "It stops codes to a number that is being registered; a customer signing in with the number the bank has on file is never refused by it.")
            .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("5").add()
            .property().name(SENDS_PER_ADDRESS).label("SMS per client IP address per window")
            .helpText("At most this many SMS asked for from one IP address within the window, 1 to 1000. Default 20. IPv6 addresses count per /64 network.")
            .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("20").add()
            .property().name(SENDS_PER_REALM).label("SMS per realm per window")
            .helpText("At most this many SMS from the whole realm within the window, 1 to 100000. Default 1000. Caps what SMS pumping can cost; "
                    + "set it a few times above your busiest window. Above 64 it starts refusing a little before it is full (at about 90%), never after.")
            .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("1000").add()
            .property().name(LIMIT_WINDOW).label("Window for SMS limits (minutes)")
            .helpText("The window the limits above count in, 1 to 1440. Default 10.")
            .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("10").add()
            .property().name(WEB_OTP_DOMAIN).label("WebOTP domain")
            .helpText("The bank's sign-in domain for the SMS's last line (@domain #code), which lets browsers fill the code in on that domain only, "
                    + "for example login.bank.example. Empty: the realm's frontend URL, else the server's fixed hostname (--hostname); "
                    + "without either the line is left out, because the request's own Host header may be a phishing proxy's.")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue("").add()
            .build();

    public static SmsOtpConfig from(AuthenticatorConfigModel model) {
        return from(model == null ? null : model.getConfig());
    }

    /** Also the configuration of the register-phone required action, which has the same settings. */
    public static SmsOtpConfig from(Map<String, String> config) {
        ConfigValues values = ConfigValues.of(config);
        String sender = values.text(SENDER, TwilioSmsSenderFactory.PROVIDER_ID);
        String region = values.text(DEFAULT_REGION, "SE").toUpperCase(Locale.ROOT);
        return new SmsOtpConfig(
                values.integer(DIGITS, 6, 4, 10),
                values.integer(VALID_SECONDS, 300, 10, 600),
                values.integer(RESEND_COOLDOWN, 30, 0, 300),
                values.integer(TRIES_PER_CODE, 3, 1, 10),
                sender,
                region.matches("[A-Z]{2}") ? region : "SE",
                Arrays.stream(values.text(ALLOWED_PREFIXES, "").split(","))
                        .map(prefix -> prefix.replaceAll("[\\s-]", ""))
                        .filter(prefix -> prefix.matches("\\+[0-9]{1,6}")).toList(),
                values.integer(SENDS_PER_USER, 5, 1, 50),
                values.integer(SENDS_PER_NUMBER, 5, 1, 50),
                values.integer(SENDS_PER_ADDRESS, 20, 1, 1000),
                values.integer(SENDS_PER_REALM, 1000, 1, 100_000),
                values.integer(LIMIT_WINDOW, 10, 1, 1440),
                Objects.requireNonNullElse(SmsTexts.host(values.text(WEB_OTP_DOMAIN, null)), ""));
    }
}
