package io.nordicsca.it.support;

/** The username-and-password page of the browser flow, as a user fills it in. */
public final class PasswordStep {

    /** keycloak.v2 shows a wrong-credentials message under the username field, in this element. */
    public static final String ERROR_ID = "input-error-username";

    private PasswordStep() {
    }

    /** Opens the app's authorization URL and signs in; the returned page is whatever came next. */
    public static Page signIn(Browser browser, OidcClient app, String username, String password) {
        return browser.open(app.authorizationUrl()).form("kc-form-login")
                .set("username", username)
                .set("password", password)
                .submit();
    }
}
