package io.nordicsca.keycloak.callcentre;

import io.nordicsca.keycloak.JsonErrors;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * Who calls the call-centre API: a call-centre system, as a confidential client of this realm acting
 * as its own service account. The caller sends a bearer access token this realm issued; Keycloak
 * checks it as for its own REST resources ({@link AppAuthManager.BearerTokenAuthenticator}: signature,
 * expiry, type, the session behind it, a DPoP binding), and this class then requires that the token was
 * issued to ({@code azp}) an enabled, confidential client with a service account, that the token's user
 * is that service account, and that it has the realm role {@value #ROLE}. A customer's own token (issued
 * to a public web client), another client's service account without the role, or a public client is
 * refused.
 */
public record CallCentreCaller(ClientModel client, UserModel serviceAccount) {

    /** The realm role a call-centre system's service account needs; the demo realm declares it. */
    public static final String ROLE = "nordic-sca-call-centre";

    /** The caller of this request, or a 401 (no or no valid token) or 403 (valid, but not a call-centre system) thrown as a JSON error. */
    public static CallCentreCaller of(KeycloakSession session) {
        RealmModel realm = session.getContext().getRealm();
        AuthenticationManager.AuthResult auth = authenticate(session);
        if (auth == null) {
            throw new WebApplicationException(Response.fromResponse(JsonErrors.response(401, "invalid_token",
                    "a bearer access token issued by this realm is required")).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build());
        }
        String problem = problem(realm, auth);
        if (problem != null) {
            throw JsonErrors.failure(Response.Status.FORBIDDEN, "access_denied", problem);
        }
        return new CallCentreCaller(auth.client(), auth.user());
    }

    private static AuthenticationManager.AuthResult authenticate(KeycloakSession session) {
        try {
            AppAuthManager.AuthHeader header = AppAuthManager.extractAuthorizationHeaderTokenOrReturnNull(session.getContext().getRequestHeaders());
            return header == null || header.getToken() == null ? null
                    : new AppAuthManager.BearerTokenAuthenticator(session).setTokenString(header.getToken()).authenticate();
        } catch (RuntimeException e) {
            return null; // malformed header or token: Keycloak's checks throw for some, answer null for others
        }
    }

    /** Why a valid token is not a call-centre system's; null when it is. */
    private static String problem(RealmModel realm, AuthenticationManager.AuthResult auth) {
        ClientModel client = auth.client();
        UserModel user = auth.user();
        if (client == null || !client.isEnabled() || client.isPublicClient() || client.isBearerOnly() || !client.isServiceAccountsEnabled()) {
            return "the token must be issued to an enabled confidential client with a service account";
        }
        if (user == null || !client.getId().equals(user.getServiceAccountClientLink())) {
            return "the token must be the client's own service-account token (client credentials)";
        }
        RoleModel role = realm.getRole(ROLE);
        if (role == null || !user.hasRole(role)) {
            return "the client's service account lacks the realm role " + ROLE;
        }
        return null;
    }
}
