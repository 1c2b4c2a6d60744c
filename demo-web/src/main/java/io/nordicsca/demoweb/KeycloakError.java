package io.nordicsca.demoweb;

/**
 * Keycloak answered with an OAuth error ({@code error}, {@code error_description}): at the
 * redirect back, from the PAR endpoint or from the token endpoint. Shown to the customer as sent.
 */
final class KeycloakError extends Exception {

    private static final long serialVersionUID = 1L;

    private final String error;
    private final String description;

    KeycloakError(String error, String description) {
        super(error + (description == null ? "" : ": " + description));
        this.error = error;
        this.description = description;
    }

    String error() {
        return error;
    }

    /** Keycloak's explanation, or null. */
    String description() {
        return description;
    }
}
