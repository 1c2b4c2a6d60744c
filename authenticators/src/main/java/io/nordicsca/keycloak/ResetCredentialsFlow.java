package io.nordicsca.keycloak;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.services.resources.LoginActionsService;

/**
 * Keycloak's reset-credentials flow ("Password locked?", the self-service unlock): the steps that
 * behave differently there ask here, one way.
 */
public final class ResetCredentialsFlow {

    private ResetCredentialsFlow() {
    }

    /** True when the step runs in the realm's reset-credentials flow (Keycloak's flow path {@code reset-credentials}). */
    public static boolean runs(AuthenticationFlowContext context) {
        return LoginActionsService.RESET_CREDENTIALS_PATH.equals(context.getFlowPath());
    }
}
