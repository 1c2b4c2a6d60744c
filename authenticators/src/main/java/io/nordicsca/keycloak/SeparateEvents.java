package io.nordicsca.keycloak;

import org.keycloak.common.ClientConnection;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The one way we build an event outside a login flow: the device API, the desk, a push that failed
 * after the sign-in committed. They build it as Keycloak's own REST endpoints do
 * ({@code new EventBuilder(realm, session, clientConnection)}): it goes to the realm's event listeners
 * and store with the caller's address. Inside a flow, steps record on Keycloak's
 * {@code context.getEvent()}, the sign-in's event that Keycloak completes, or on its
 * {@code clone()} for an event beside it (a lock, a timeout, "cells running low"), so that event
 * carries the sign-in's client, session and redirect details.
 */
public final class SeparateEvents {

    private SeparateEvents() {
    }

    /**
     * @param connection the caller whose address the event carries; the request's own, or the one
     *                   captured from it when the event is sent later in a session of its own
     */
    public static EventBuilder builder(KeycloakSession session, RealmModel realm, ClientConnection connection) {
        return new EventBuilder(realm, session, connection);
    }
}
