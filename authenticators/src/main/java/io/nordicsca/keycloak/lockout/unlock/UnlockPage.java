package io.nordicsca.keycloak.lockout.unlock;

import io.nordicsca.keycloak.errors.SupportContact;

/**
 * The self-service unlock page's model ({@value UnlockPages#TEMPLATE}, attribute {@value #ATTRIBUTE}).
 * The template switches on {@link #state()}.
 *
 * @param state        which page
 * @param typed        IDENTIFY: what the customer typed, shown again after an error
 * @param supportPhone the bank's support number (Realm settings, Nordic SCA tab), empty when none
 * @param supportHours its opening hours, empty when none
 */
public record UnlockPage(State state, String typed, String supportPhone, String supportHours) {

    /** The form attribute the template reads. */
    public static final String ATTRIBUTE = "nordicScaUnlock";

    public enum State {
        /** Ask for the username (personal ID or user code). */
        IDENTIFY,
        /** The customer must contact the bank: the page's {@code errorNotice} says why. */
        REFUSED
    }

    public UnlockPage {
        typed = typed == null ? "" : typed;
        supportPhone = supportPhone == null ? "" : supportPhone;
        supportHours = supportHours == null ? "" : supportHours;
    }

    static UnlockPage identify(String typed, SupportContact support) {
        return new UnlockPage(State.IDENTIFY, typed, support.phone(), support.hours());
    }

    static UnlockPage refused(SupportContact support) {
        return new UnlockPage(State.REFUSED, "", support.phone(), support.hours());
    }
}
