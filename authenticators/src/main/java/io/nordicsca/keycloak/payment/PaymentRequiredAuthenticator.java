package io.nordicsca.keycloak.payment;

import java.util.Optional;

import io.nordicsca.keycloak.ProvesNoFactor;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.CredentialAction;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.events.Details;
import org.keycloak.models.Constants;
import org.keycloak.protocol.LoginProtocol;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.utils.AcrUtils;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * First step of the payment level ({@code urn:nordic-sca:loa:sca-linked}): that level means "this
 * payment was approved", so without a payment in the request there is nothing it could mean. The
 * sign-in then ends at once with an OIDC error to the client, as Keycloak ends a sign-in the customer
 * cancels ({@code AuthenticationFlowContext.cancelLogin}), never with a level-3 token that approved
 * nothing. The error is Keycloak's own for an unmet level ({@link LoginProtocol.Error#LOA_INVALID}:
 * {@code access_denied}) with {@link #DESCRIPTION}.
 *
 * <p>One exception: Keycloak's own credential actions (the account console's "remove" of a phone, a
 * {@code kc_action} whose required action is a {@link CredentialAction}). Keycloak asks for the highest
 * level at which that credential's step sits in the flow before it lets the customer remove it, and the
 * app and SMS steps sit in this level too; so such a sign-in goes on without a payment to a fresh app or
 * SMS approval. Only when the client itself asked for less than this level: a client that asks for
 * {@code sca-linked} and adds a {@code kc_action} still needs a payment. The token of such a sign-in
 * says {@code sca-linked} but carries no {@code authorization_details}: the payment a relying party may
 * execute is the approved {@code authorization_details}, never the {@code acr} alone (docs/relying-parties.md).
 */
public class PaymentRequiredAuthenticator implements ProvesNoFactor {

    /** The payment level's acr, as the realm (or the client) maps it to a level. */
    public static final String ACR = "urn:nordic-sca:loa:sca-linked";
    /** The OAuth error_description the client receives. */
    public static final String DESCRIPTION = ACR + " needs a payment_initiation in authorization_details";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        Optional<Payment> payment = LinkedPayment.requested(context);
        if (payment.isPresent() || keycloakCredentialAction(context)) {
            context.success();
            return;
        }
        context.getEvent().clone().detail(Details.REASON, DESCRIPTION).error(PaymentEvents.PAYMENT_MISSING);
        LoginProtocol protocol = context.getSession().getProvider(LoginProtocol.class, authSession.getProtocol());
        protocol.setRealm(context.getRealm()).setHttpHeaders(context.getHttpRequest().getHttpHeaders())
                .setUriInfo(context.getUriInfo()).setEventBuilder(context.getEvent());
        Response error = protocol.sendError(authSession, LoginProtocol.Error.LOA_INVALID, DESCRIPTION);
        context.forceChallenge(error);
    }

    /**
     * True when this sign-in is Keycloak's own action on a credential (e.g. removing one in the account
     * console) and the payment level comes from that action alone, not from the client's request.
     */
    private static boolean keycloakCredentialAction(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String action = authSession.getClientNote(Constants.KC_ACTION);
        if (action == null || action.isBlank()
                || !(context.getSession().getProvider(RequiredActionProvider.class, action) instanceof CredentialAction)) {
            return false;
        }
        if (askedForByName(authSession)) {
            return false;
        }
        Integer paymentLevel = AcrUtils.getAcrLoaMap(authSession.getClient()).get(ACR);
        return paymentLevel != null && clientRequestedLevel(authSession) < paymentLevel;
    }

    /**
     * The payment level named anywhere in the client's request ({@code acr_values} or {@code claims}):
     * Keycloak notes only the lowest level of several values, so a request for {@code "sca-linked x"}
     * would otherwise read as a request for less.
     */
    private static boolean askedForByName(AuthenticationSessionModel authSession) {
        for (String note : new String[] {OIDCLoginProtocol.ACR_PARAM, OIDCLoginProtocol.CLAIMS_PARAM}) {
            String value = authSession.getClientNote(note);
            if (value != null && value.contains(ACR)) {
                return true;
            }
        }
        return false;
    }

    /** The level the client's own request asked for (acr_values, claims, its defaults), as Keycloak noted it; -1 for none. */
    private static int clientRequestedLevel(AuthenticationSessionModel authSession) {
        String level = authSession.getClientNote(Constants.REQUESTED_LEVEL_OF_AUTHENTICATION);
        try {
            return level == null ? -1 : Integer.parseInt(level);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE; // unreadable: treat as asking for the payment level
        }
    }

    /** Nothing is posted to this step; anything that is, is checked again. */
    @Override
    public void action(AuthenticationFlowContext context) {
        authenticate(context);
    }

    @Override
    public boolean requiresUser() {
        return false;
    }
}
