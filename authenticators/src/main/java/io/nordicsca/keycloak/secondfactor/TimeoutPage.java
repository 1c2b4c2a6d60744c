package io.nordicsca.keycloak.secondfactor;

import io.nordicsca.keycloak.errors.CustomerError;

/**
 * The timeout page's model ({@value AnswerClock#TEMPLATE}, attribute {@value #ATTRIBUTE}): what took
 * too long, and its error code. The template switches on {@link #what()}.
 *
 * @param what what took too long
 * @param code the error code shown (NSCA-6002 on the app page, NSCA-6001 between any other two answers)
 */
public record TimeoutPage(What what, String code) {

    /** The form attribute the template reads. */
    public static final String ATTRIBUTE = "nordicScaTimeout";

    public enum What {
        /** The gap between the password and the first answer of the next step. */
        BETWEEN,
        CODE_CARD,
        SMS,
        APP
    }

    /**
     * The page for a late answer to {@code step} (a factor id: code-card, sms, app); {@code afterPassword}:
     * the clock ran since the password, so what took too long is the gap, whatever the step.
     */
    static TimeoutPage of(String step, boolean afterPassword) {
        What what = afterPassword ? What.BETWEEN : switch (step) {
            case "code-card" -> What.CODE_CARD;
            case "sms" -> What.SMS;
            case "app" -> What.APP;
            default -> What.BETWEEN; // a step without its own wording: the general one
        };
        CustomerError error = what == What.APP ? CustomerError.TIMEOUT_APP_PAGE : CustomerError.TIMEOUT_BETWEEN_STEPS;
        return new TimeoutPage(what, error.code());
    }
}
