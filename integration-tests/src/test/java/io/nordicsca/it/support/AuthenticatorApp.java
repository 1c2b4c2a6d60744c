package io.nordicsca.it.support;

import java.util.Calendar;

import org.keycloak.models.utils.TimeBasedOTP;

/** Keycloak's authenticator-app (TOTP) step, answered as the customer's app would. */
public final class AuthenticatorApp {

    public static final String FORM = "kc-otp-login-form";

    private AuthenticatorApp() {
    }

    /** Types the app's current code. */
    public static Page answer(Page page, String secret) {
        return answer(page, secret, 0);
    }

    /**
     * Types the code the app shows {@code secondsAhead} from now. Keycloak refuses a code twice,
     * so a second sign-in within 30 seconds uses the next one (within the look-around window).
     */
    public static Page answer(Page page, String secret, int secondsAhead) {
        if (page.document().getElementById(FORM) == null) {
            throw new AssertionError("Expected the authenticator app step:\n" + page.body());
        }
        TimeBasedOTP app = new TimeBasedOTP();
        Calendar then = Calendar.getInstance();
        then.add(Calendar.SECOND, secondsAhead);
        app.setCalendar(then);
        return page.form(FORM).set("otp", app.generateTOTP(secret)).submit();
    }
}
