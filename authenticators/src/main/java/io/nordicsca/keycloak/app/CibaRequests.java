package io.nordicsca.keycloak.app;

import java.util.Optional;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;

/** TEMPORARY placeholder with the contract's signature, so the call-centre API compiles; the CIBA branch brings the real class. */
public final class CibaRequests {

    private CibaRequests() {
    }

    public static Optional<String> eventId(KeycloakSession session, ClientModel caller, String authReqId) {
        return Optional.empty();
    }
}
