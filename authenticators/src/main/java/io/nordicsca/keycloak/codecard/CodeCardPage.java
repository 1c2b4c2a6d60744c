package io.nordicsca.keycloak.codecard;

/**
 * The code card step's page model ({@value CodeCardAuthenticator#TEMPLATE}, attribute {@value #ATTRIBUTE}):
 * the template switches on {@link #state()}, as Keycloak's own pages read typed beans
 * ({@code WebAuthnAuthenticatorsBean}). Fields a state does not show are 0 or empty.
 *
 * @param state        which page
 * @param position     CHALLENGE: the security number asked for
 * @param digits       CHALLENGE: how many digits a security number has
 * @param serialEnding CHALLENGE, LOW_CELLS: the card's serial ending, so the customer picks the right card
 * @param left         LOW_CELLS: unused security numbers left on the card
 */
public record CodeCardPage(State state, int position, int digits, String serialEnding, int left) {

    /** The form attribute the template reads. */
    public static final String ATTRIBUTE = "codeCard";

    public enum State {
        /** Ask for the security number at {@code position} (with lockout's last-attempt warning, when set). */
        CHALLENGE,
        /** The answer was right; the card is running out: say so, then continue. */
        LOW_CELLS,
        /** The card cannot be used: the page's {@code errorNotice} says why and what to do; no input. */
        PROBLEM
    }

    static CodeCardPage challenge(CodeCardCredentialModel card, int position) {
        return new CodeCardPage(State.CHALLENGE, position, card.digits(), card.serialEnding(), 0);
    }

    static CodeCardPage lowCells(CodeCardCredentialModel card) {
        return new CodeCardPage(State.LOW_CELLS, 0, 0, card.serialEnding(), card.unusedCount());
    }

    static CodeCardPage problem() {
        return new CodeCardPage(State.PROBLEM, 0, 0, "", 0);
    }
}
