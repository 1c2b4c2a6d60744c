package io.nordicsca.keycloak.posture;

import io.nordicsca.keycloak.ProvesNoFactor;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuthErrorException;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;

/**
 * The whole direct grant flow of a bank's realm: the password grant cannot ask for a second
 * factor, so it issues no token, on any client. Answers the OAuth error a client expects
 * ({@code unauthorized_client}, RFC 6749 section 5.2) rather than an HTML error page, and before
 * the password is looked at, so the endpoint is no oracle for guessing passwords either.
 */
public class NoPasswordGrantAuthenticator implements ProvesNoFactor {

    static final String DESCRIPTION = "The password grant cannot ask for a second factor: sign in through the browser "
            + "(authorization code flow).";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        Response refusal = Response.status(Response.Status.BAD_REQUEST)
                .entity(new OAuth2ErrorRepresentation(OAuthErrorException.UNAUTHORIZED_CLIENT, DESCRIPTION))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
        context.failure(AuthenticationFlowError.ACCESS_DENIED, refusal);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        authenticate(context);
    }

    @Override
    public boolean requiresUser() {
        return false;
    }
}
