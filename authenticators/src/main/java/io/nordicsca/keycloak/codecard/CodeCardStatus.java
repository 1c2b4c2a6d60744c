package io.nordicsca.keycloak.codecard;

/** Where a card is in its life, as the bank sees it. Expiry is not a status: it follows from the date. */
public enum CodeCardStatus {
    /** Printed and mailed; the customer has not activated it yet. */
    ISSUED,
    /** In use. */
    ACTIVE,
    /** Replaced by a new card, or blocked by the bank. Never usable again. */
    REVOKED,
    /** Every security number has been used. */
    EXHAUSTED
}
