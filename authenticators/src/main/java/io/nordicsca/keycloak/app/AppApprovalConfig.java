package io.nordicsca.keycloak.app;

import java.util.List;

import io.nordicsca.keycloak.app.push.PushSender;
import io.nordicsca.keycloak.config.ConfigValues;
import io.nordicsca.keycloak.config.Setting;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.provider.ProviderConfigProperty;

/** The app approval step's settings, declared once (admin console form and reading with defaults). */
public record AppApprovalConfig(VerificationMode mode, String eventIdFormat, int expirySeconds, String pushSender,
                                int pushesPerWindow, int windowMinutes) {

    static final Setting.Choice MODE = Setting.choice("mode", "How the customer ties app and browser",
            "enter: the customer types the browser's event ID into the app; a blind guess wins 1 in 279,841 "
                    + "(letters4) or 1 in 10,000 (digits4). select: the app offers three event IDs and the customer picks one; "
                    + "a customer who taps without looking approves 1 in 3 requests, about 87 % within one lockout window of 5 "
                    + "(a wrong pick ends the request and counts towards lockout). compare: both show it and the customer checks "
                    + "(NIST SP 800-63B rev 4 no longer accepts this alone: push fatigue).",
            VerificationMode.ENTER.id(), List.of(VerificationMode.ENTER.id(), VerificationMode.SELECT.id(), VerificationMode.COMPARE.id()));
    static final Setting.Choice EVENT_ID_FORMAT = Setting.choice("eventIdFormat", "Event ID format",
            "letters4: four characters from an alphabet without look-alikes. digits4: four digits.",
            EventIds.LETTERS, List.of(EventIds.LETTERS, EventIds.DIGITS));
    static final Setting.Whole EXPIRY_SECONDS = Setting.integer("expirySeconds", "Request valid for (seconds)",
            "How long the app may answer.", 120, 10, 600);
    static final Setting.Choice PUSH_SENDER = Setting.provider("pushSender", "Push sender",
            "How the phone hears of a request: fcm (Firebase Cloud Messaging), webhook (the bank's push backend), "
                    + "log (demo), none (the app polls). Server options in the README.",
            "log", List.of("fcm", "webhook", "log", "none"), PushSender.class);
    static final Setting.Whole PUSHES_PER_WINDOW = Setting.integer("pushesPerWindow", "Requests per customer per window",
            "At most this many approval requests to one customer within the window.", 5, 1, 50).note("Against push fatigue.");
    static final Setting.Whole WINDOW_MINUTES = Setting.integer("windowMinutes", "Window (minutes)",
            "The window the requests above count in.", 10, 1, 1440);

    public static final List<Setting<?>> SETTINGS = List.of(MODE, EVENT_ID_FORMAT, EXPIRY_SECONDS, PUSH_SENDER, PUSHES_PER_WINDOW, WINDOW_MINUTES);

    public static final List<ProviderConfigProperty> PROPERTIES = Setting.properties(SETTINGS);

    public static AppApprovalConfig from(AuthenticatorConfigModel model) {
        ConfigValues values = ConfigValues.of(model);
        return new AppApprovalConfig(
                VerificationMode.of(MODE.read(values)),
                EVENT_ID_FORMAT.read(values),
                EXPIRY_SECONDS.read(values),
                PUSH_SENDER.read(values),
                PUSHES_PER_WINDOW.read(values),
                WINDOW_MINUTES.read(values));
    }

    /** The verification mode's setting value (select, enter or compare), for reports outside this package. */
    public String modeId() {
        return mode.id();
    }
}
