package io.nordicsca.keycloak.secondfactor;

import java.util.ArrayList;
import java.util.List;

import io.nordicsca.keycloak.config.ConfigValues;
import io.nordicsca.keycloak.config.Setting;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.common.util.Time;
import org.keycloak.events.Errors;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * How long a customer may take to answer a step: "answer within" seconds of the question (the
 * page that asks, or the password that came just before it). A later answer ends the sign-in with
 * a timeout page of its own and a one-click restart; it is not looked at and nothing is counted.
 *
 * <p>One note per sign-in, {@value #NOTE} = {@code <step>:<epoch seconds>}, in the authentication
 * session (cluster-wide, cleared when the sign-in restarts). The password step stamps it when the
 * password is right, so the first answer to the next step must come within the limit of the
 * password (the gap between password and code); a step that is not the first after the password
 * stamps it when it first asks; a reload keeps the time (reloading never buys time); asking anew
 * (after a wrong answer, a new code) starts it again. Keycloak's own limit (the realm's "Login timeout", 30 minutes by
 * default) still ends a sign-in left for longer; the theme words that page too.
 */
public final class AnswerClock {

    static final String NOTE = "nordic-sca.asked";
    /** The step name the password stamps with; the next step measures from it. */
    public static final String PASSWORD = "password";
    public static final String ANSWER_WITHIN = "answerWithinSeconds";
    public static final int MIN_SECONDS = 1;
    public static final int MAX_SECONDS = 3600;
    public static final String TEMPLATE = "login-nordic-sca-timeout.ftl";
    /** Event details of a late answer. */
    public static final String STEP = "nordic_sca_step";
    public static final String WAITED = "nordic_sca_waited_seconds";

    private AnswerClock() {
    }

    /** "Answer within", declared once for every step that offers it; each step gives its own default. */
    public static Setting.Whole setting(int defaultSeconds) {
        return Setting.integer(ANSWER_WITHIN, "Answer within (seconds)",
                "An answer later than this, counted from the question (or from the password just before it), ends "
                        + "the sign-in with a timeout page and a restart link; it is not checked and not counted.",
                defaultSeconds, MIN_SECONDS, MAX_SECONDS)
                .note("Keep it below the realm's Login timeout (Sessions tab), which ends any sign-in left longer.");
    }

    /** A step's own settings followed by "answer within". */
    public static List<ProviderConfigProperty> with(List<ProviderConfigProperty> own, int defaultSeconds) {
        List<ProviderConfigProperty> all = new ArrayList<>(own);
        all.add(setting(defaultSeconds).property());
        return List.copyOf(all);
    }

    /** The configured limit in seconds, clamped into range; the default when blank or malformed. */
    public static int limit(AuthenticatorConfigModel config, int defaultSeconds) {
        return setting(defaultSeconds).read(ConfigValues.of(config));
    }

    /**
     * The step asks (shows its page). The clock keeps running when it already runs for this step (a
     * reload) or since the password just before it (the gap between password and code is the
     * customer's first answer time); otherwise it starts now.
     */
    public static void asked(AuthenticationSessionModel authSession, String step) {
        String stamped = authSession.getAuthNote(NOTE);
        String owner = stamped == null ? null : stepOf(stamped);
        if (!step.equals(owner) && !PASSWORD.equals(owner)) {
            askedAnew(authSession, step);
        }
    }

    /** The step asks a new question (after a wrong answer, a new code, a new request), or the password was right. */
    public static void askedAnew(AuthenticationSessionModel authSession, String step) {
        authSession.setAuthNote(NOTE, step + ":" + Time.currentTime());
    }

    /**
     * Seconds waited since this step asked (or since the password just before it) when that is more
     * than {@code limitSeconds}; 0 when the answer is in time or the clock runs for another step.
     */
    public static long lateBy(AuthenticationSessionModel authSession, String step, int limitSeconds) {
        String stamped = authSession.getAuthNote(NOTE);
        if (stamped == null) {
            return 0;
        }
        String owner = stepOf(stamped);
        if (!step.equals(owner) && !PASSWORD.equals(owner)) {
            return 0; // "Try another way" from another step: this step's own clock starts when it asks
        }
        long waited = Time.currentTime() - timeOf(stamped);
        return waited > limitSeconds ? waited : 0;
    }

    /**
     * Ends the sign-in when the answer comes too late: the event (Keycloak's expired_code, with the
     * step and the wait), the timeout page with a restart link. True when it did; the caller then
     * looks at nothing.
     */
    public static boolean endIfLate(AuthenticationFlowContext context, String step, int limitSeconds) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        long waited = lateBy(authSession, step, limitSeconds);
        if (waited == 0) {
            return false;
        }
        boolean afterPassword = PASSWORD.equals(stepOf(authSession.getAuthNote(NOTE)));
        context.getEvent().clone().user(context.getUser()).detail(STEP, step).detail(WAITED, String.valueOf(waited))
                .error(Errors.EXPIRED_CODE);
        // The timeout page (TimeoutPage): what took too long, its error code, and "Start again"
        // (Keycloak's restart of this sign-in).
        context.forceChallenge(context.form().setAttribute(TimeoutPage.ATTRIBUTE, TimeoutPage.of(step, afterPassword)).createForm(TEMPLATE));
        return true;
    }

    private static String stepOf(String stamped) {
        int colon = stamped.lastIndexOf(':');
        return colon < 0 ? "" : stamped.substring(0, colon);
    }

    private static long timeOf(String stamped) {
        try {
            return Long.parseLong(stamped.substring(stamped.lastIndexOf(':') + 1));
        } catch (NumberFormatException e) {
            return 0; // unreadable: treated as long ago, so the sign-in starts again
        }
    }
}
