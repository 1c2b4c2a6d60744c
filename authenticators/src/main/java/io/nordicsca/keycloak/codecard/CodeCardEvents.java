package io.nordicsca.keycloak.codecard;

/**
 * Event details and errors of the code card, as event listeners and the admin console see them.
 * A code never appears in an event; a card appears only as its serial's last four digits.
 */
public final class CodeCardEvents {

    /** Detail: the card, as "1234" (last four digits of the serial). */
    public static final String CARD = "code_card";
    /** Detail: the position that was asked. */
    public static final String POSITION = "code_card_position";
    /** Detail: unused cells left. */
    public static final String CELLS_LEFT = "code_card_cells_left";
    /** Detail of UPDATE_CREDENTIAL events: what happened to the card. */
    public static final String ACTION = "code_card_action";

    public static final String ACTIVATED = "activated";
    public static final String LOW_CELLS = "low_cells";

    /** Event errors of a card that cannot be used. */
    public static final String NOT_ACTIVATED = "code_card_not_activated";
    public static final String REVOKED = "code_card_revoked";
    public static final String EXHAUSTED = "code_card_exhausted";
    public static final String EXPIRED = "code_card_expired";
    /** Event error: this sign-in used up its guesses and stays blocked, whatever Keycloak's lock says. */
    public static final String SESSION_BLOCKED = "code_card_too_many_wrong_answers";
    /** Event error: every answer the realm allows was already being checked; this one was refused unseen. */
    public static final String TOO_MANY_AT_ONCE = "code_card_too_many_answers_at_once";
    /** The card was sealed with a server pepper that is no longer configured (or does not resolve). */
    public static final String PEPPER_UNAVAILABLE = "code_card_pepper_unavailable";

    private CodeCardEvents() {
    }
}
