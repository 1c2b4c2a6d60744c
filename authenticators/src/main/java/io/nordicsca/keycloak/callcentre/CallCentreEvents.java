package io.nordicsca.keycloak.callcentre;

/**
 * Event details and errors of the call-centre API. The name a caller gave never appears in an event
 * (it may be a personal ID number): the customer's user id does, and how the name matched.
 */
public final class CallCentreEvents {

    /** Detail: how the caller's name matched the customer, {@link CustomerLookup#BY_USERNAME} or {@link CustomerLookup#BY_ATTRIBUTE}. */
    public static final String LOOKUP = "lookup";
    /** Error: the name is no enabled customer's (or several customers'). */
    public static final String CUSTOMER_NOT_FOUND = "customer_not_found";

    private CallCentreEvents() {
    }
}
