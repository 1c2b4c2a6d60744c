package io.nordicsca.keycloak.payment;

import java.io.IOException;
import java.util.List;

import org.keycloak.OAuth2Constants;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.rar.AuthorizationDetailsProcessor;
import org.keycloak.protocol.oidc.rar.InvalidAuthorizationDetailsException;
import org.keycloak.representations.AuthorizationDetailsJSONRepresentation;
import org.keycloak.util.JsonSerialization;

/**
 * Keycloak's Rich Authorization Requests hook for {@code payment_initiation} (RFC 9396), modelled on
 * Keycloak's own {@code OID4VCAuthorizationDetailsProcessor}:
 * <ul>
 * <li>authorization endpoint (also for a pushed request, whose details Keycloak's PAR endpoint stores
 * unread): {@link #validateAuthorizationDetail} reads the payment
 * ({@link Payment#parse}); one payment per request, at most {@link #MAX_JSON} characters. A refusal
 * becomes Keycloak's {@code invalid_request} with our description, before anyone signs in;</li>
 * <li>code grant: the payment goes into the tokens only when this sign-in approved exactly it
 * ({@link LinkedPayment#approval}), else {@code invalid_authorization_details} and no token. Keycloak
 * calls {@link #process} when the token request repeats {@code authorization_details} and
 * {@link #processStoredAuthorizationDetails} when it does not; both ask the same. A payment approved
 * in an earlier sign-in of the same client whose code was never redeemed is left out (not carried,
 * not refused) and forgotten;</li>
 * <li>after the code grant the payment and its approval leave the client session: an approval is
 * used once, and a later sign-in of the same client (which shares the client session) neither
 * carries nor trips over it. Keycloak copies a refresh token's details into refreshed tokens without
 * asking a processor; {@link PaymentRefreshRefusal} refuses to refresh a payment's tokens.</li>
 * </ul>
 * Keycloak keeps one instance per request (its session's provider cache), so counting the details of
 * one request here is counting that request's payments.
 */
public class PaymentAuthorizationDetailsProcessor implements AuthorizationDetailsProcessor<AuthorizationDetailsJSONRepresentation> {

    /** A payment's detail as JSON, at most: generous for the fields we read (70 + 140 characters of text). */
    public static final int MAX_JSON = 4096;

    /** The error_description of a payment that this sign-in did not approve. */
    public static final String NOT_APPROVED = "payment_initiation was not approved in this sign-in: request acr_values " + PaymentRequiredAuthenticator.ACR;

    private int paymentsInRequest;

    @Override
    public boolean isSupported() {
        return true;
    }

    @Override
    public String getSupportedType() {
        return Payment.TYPE;
    }

    @Override
    public Class<AuthorizationDetailsJSONRepresentation> getSupportedResponseJavaType() {
        return AuthorizationDetailsJSONRepresentation.class;
    }

    @Override
    public AuthorizationDetailsJSONRepresentation validateAuthorizationDetail(AuthorizationDetailsJSONRepresentation detail) {
        if (++paymentsInRequest > 1) {
            throw new InvalidAuthorizationDetailsException("Invalid payment_initiation: one payment per request");
        }
        if (json(detail).length() > MAX_JSON) {
            throw new InvalidAuthorizationDetailsException("Invalid payment_initiation: longer than " + MAX_JSON + " characters");
        }
        Payment.parse(detail);
        return detail;
    }

    @Override
    public AuthorizationDetailsJSONRepresentation process(UserSessionModel userSession, ClientSessionContext clientSessionCtx,
                                                          AuthorizationDetailsJSONRepresentation detail) {
        return approvedOrRefused(clientSessionCtx.getClientSession(), detail);
    }

    @Override
    public AuthorizationDetailsJSONRepresentation processStoredAuthorizationDetails(UserSessionModel userSession,
            ClientSessionContext clientSessionCtx, AuthorizationDetailsJSONRepresentation detail) {
        return approvedOrRefused(clientSessionCtx.getClientSession(), detail);
    }

    /** Nothing asked, nothing given: a payment is never added to a token that did not ask for one. */
    @Override
    public List<AuthorizationDetailsJSONRepresentation> handleMissingAuthorizationDetails(UserSessionModel userSession,
            ClientSessionContext clientSessionCtx) {
        return null;
    }

    @Override
    public void afterAuthorizationDetailsProcessed(UserSessionModel userSession, ClientSessionContext clientSessionCtx,
                                                   AuthorizationDetailsJSONRepresentation detail) {
        forget(clientSessionCtx.getClientSession());
    }

    @Override
    public void close() {
    }

    private AuthorizationDetailsJSONRepresentation approvedOrRefused(AuthenticatedClientSessionModel clientSession,
                                                                     AuthorizationDetailsJSONRepresentation detail) {
        if (++paymentsInRequest > 1) {
            throw new InvalidAuthorizationDetailsException("Invalid payment_initiation: one payment per request");
        }
        Payment payment = Payment.parse(detail);
        switch (LinkedPayment.approval(clientSession::getNote, clientSession.getUserSession().getUser().getId(), payment)) {
            case APPROVED -> {
                return payment.toDetail(); // exactly what was shown and signed, nothing the request added
            }
            case LEFT_OVER -> {
                forget(clientSession); // Keycloak calls afterAuthorizationDetailsProcessed only for what goes into the token
                return null;
            }
            default -> {
                forget(clientSession); // the next sign-in of this client starts clean
                throw new InvalidAuthorizationDetailsException(NOT_APPROVED);
            }
        }
    }

    private static void forget(AuthenticatedClientSessionModel clientSession) {
        clientSession.removeNote(LinkedPayment.APPROVED);
        clientSession.removeNote(OAuth2Constants.AUTHORIZATION_DETAILS);
    }

    private static String json(AuthorizationDetailsJSONRepresentation detail) {
        try {
            return JsonSerialization.writeValueAsString(detail);
        } catch (IOException e) {
            throw new InvalidAuthorizationDetailsException("Invalid payment_initiation: not JSON");
        }
    }
}
