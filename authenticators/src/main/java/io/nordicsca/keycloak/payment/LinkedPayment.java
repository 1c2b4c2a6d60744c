package io.nordicsca.keycloak.payment;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import org.keycloak.OAuth2Constants;
import org.keycloak.protocol.oidc.rar.InvalidAuthorizationDetailsException;
import org.keycloak.representations.AuthorizationDetailsJSONRepresentation;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.util.JsonSerialization;

import com.fasterxml.jackson.core.type.TypeReference;

/**
 * The payment of this sign-in, where the steps find it: Keycloak keeps the request's
 * {@code authorization_details} as a client note of the authentication session (and, after the sign-in,
 * of the client session), and the approval is a second client note beside it, which
 * {@code PaymentAuthorizationDetailsProcessor} checks at the token endpoint. Nothing is kept anywhere else.
 */
public final class LinkedPayment {

    /** The hash ({@link Payment#hash()}) of the payment the customer approved in this sign-in. */
    public static final String APPROVED = "nordic-sca.payment.approved";

    private static final TypeReference<List<AuthorizationDetailsJSONRepresentation>> DETAILS = new TypeReference<>() {
    };

    private LinkedPayment() {
    }

    /**
     * The payment this sign-in was asked for, or empty when there is none. Keycloak has already passed
     * the request through the processor (one payment at most, well formed); a note that no longer
     * parses is refused, never read as "no payment".
     */
    public static Optional<Payment> requested(AuthenticationSessionModel authSession) {
        return in(authSession.getClientNote(OAuth2Constants.AUTHORIZATION_DETAILS));
    }

    /** Records that the customer approved this payment (the app's signature or the SMS code bound to it). */
    public static void approved(AuthenticationSessionModel authSession, Payment payment) {
        authSession.setClientNote(APPROVED, payment.hash());
    }

    /** The single payment in an {@code authorization_details} parameter; empty for none or a missing parameter. */
    static Optional<Payment> in(String authorizationDetails) {
        if (authorizationDetails == null || authorizationDetails.isBlank()) {
            return Optional.empty();
        }
        List<Payment> payments = details(authorizationDetails).stream()
                .filter(detail -> detail != null && Payment.TYPE.equals(detail.getType()))
                .map(Payment::parse)
                .toList();
        if (payments.size() > 1) {
            throw new InvalidAuthorizationDetailsException("Invalid payment_initiation: one payment per request");
        }
        return payments.stream().findFirst();
    }

    static List<AuthorizationDetailsJSONRepresentation> details(String authorizationDetails) {
        try {
            List<AuthorizationDetailsJSONRepresentation> details = JsonSerialization.readValue(authorizationDetails, DETAILS);
            if (details == null) {
                throw new InvalidAuthorizationDetailsException("authorization_details must be a JSON array");
            }
            return details;
        } catch (IOException e) {
            throw new InvalidAuthorizationDetailsException("authorization_details must be a JSON array");
        }
    }
}
