package io.nordicsca.keycloak.app;

import java.util.List;

import io.nordicsca.keycloak.config.ConfigValues;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** The app approval step's settings, declared once (admin console form and reading with defaults). */
public record AppApprovalConfig(VerificationMode mode, String eventIdFormat, int expirySeconds, String pushSender,
                                int pushesPerWindow, int windowMinutes) {

    static final String MODE = "mode";
    static final String EVENT_ID_FORMAT = "eventIdFormat";
    static final String EXPIRY_SECONDS = "expirySeconds";
    static final String PUSH_SENDER = "pushSender";
    static final String PUSHES_PER_WINDOW = "pushesPerWindow";
    static final String WINDOW_MINUTES = "windowMinutes";

    public static final List<ProviderConfigProperty> PROPERTIES = ProviderConfigurationBuilder.create()
            .property().name(MODE).label("How the customer ties app and browser")
            .helpText("enter (default): the customer types the browser's event ID into the app; a blind guess wins 1 in 279,841 "
                    + "(letters4) or 1 in 10,000 (digits4). select: the app offers three event IDs and the customer picks one; "
                    + "a customer who taps without looking approves 1 in 3 requests, about 87 % within one lockout window of 5 "
                    + "(a wrong pick ends the request and counts towards lockout). compare: both show it and the customer checks "
                    + "(NIST SP 800-63B rev 4 no longer accepts this alone: push fatigue).")
            .type(ProviderConfigProperty.LIST_TYPE).options(VerificationMode.ENTER.id(), VerificationMode.SELECT.id(), VerificationMode.COMPARE.id())
            .defaultValue(VerificationMode.ENTER.id()).add()
            .property().name(EVENT_ID_FORMAT).label("Event ID format")
            .helpText("letters4: four characters from an alphabet without look-alikes (default). digits4: four digits.")
            .type(ProviderConfigProperty.LIST_TYPE).options(EventIds.LETTERS, EventIds.DIGITS).defaultValue(EventIds.LETTERS).add()
            .property().name(EXPIRY_SECONDS).label("Request valid for (seconds)")
            .helpText("How long the app may answer, 10 to 600. Default 120.")
            .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("120").add()
            .property().name(PUSH_SENDER).label("Push sender")
            .helpText("How the phone hears of a request: fcm (Firebase Cloud Messaging), webhook (the bank's push backend), "
                    + "log (demo), none (the app polls). Server options in the README.")
            .type(ProviderConfigProperty.LIST_TYPE).options("fcm", "webhook", "log", "none").defaultValue("log").add()
            .property().name(PUSHES_PER_WINDOW).label("Requests per customer per window")
            .helpText("At most this many approval requests to one customer within the window, 1 to 50. Default 5 (push fatigue).")
            .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("5").add()
            .property().name(WINDOW_MINUTES).label("Window (minutes)")
            .helpText("1 to 1440. Default 10.")
            .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("10").add()
            .build();

    public static AppApprovalConfig from(AuthenticatorConfigModel model) {
        ConfigValues values = ConfigValues.of(model == null ? null : model.getConfig());
        String format = values.text(EVENT_ID_FORMAT, EventIds.LETTERS);
        return new AppApprovalConfig(
                VerificationMode.of(values.text(MODE, VerificationMode.ENTER.id())),
                EventIds.DIGITS.equals(format) ? EventIds.DIGITS : EventIds.LETTERS,
                values.integer(EXPIRY_SECONDS, 120, 10, 600),
                values.text(PUSH_SENDER, "log"),
                values.integer(PUSHES_PER_WINDOW, 5, 1, 50),
                values.integer(WINDOW_MINUTES, 10, 1, 1440));
    }

    /** The verification mode's setting value (select, enter or compare), for reports outside this package. */
    public String modeId() {
        return mode.id();
    }
}
