package io.nordicsca.demoweb;

/** Keycloak did not answer, or not in a way OpenID Connect allows (discovery, PAR, token, JWKS). */
final class KeycloakUnreachable extends Exception {

    private static final long serialVersionUID = 1L;

    KeycloakUnreachable(String message, Throwable cause) {
        super(message, cause);
    }
}
