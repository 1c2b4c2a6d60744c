package io.nordicsca.keycloak.payment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import io.nordicsca.keycloak.ResetCredentialsFlow;

import org.keycloak.OAuth2Constants;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.rar.InvalidAuthorizationDetailsException;
import org.keycloak.representations.AuthorizationDetailsJSONRepresentation;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.util.JsonSerialization;

import com.fasterxml.jackson.core.type.TypeReference;

/**
 * The payment of this sign-in, where the steps find it: Keycloak keeps the request's
 * {@code authorization_details} as a client note of the authentication session (and, after the sign-in,
 * of the client session), and the approval is a second client note beside it, which
 * {@link PaymentAuthorizationDetailsProcessor} checks at the token endpoint. Nothing is kept anywhere else.
 */
public final class LinkedPayment {

    /**
     * The payment the customer approved in this sign-in: its hash ({@link Payment#hash()}), a space, and
     * what ties the approval to this sign-in's request ({@link #signIn}).
     */
    public static final String APPROVED = "nordic-sca.payment.approved";
    /** Auth-session note per factor (this sign-in's tab only): the hash of the payment that factor's step approved. */
    private static final String APPROVED_BY = "nordic-sca.payment.approved-by.";
    /**
     * Client notes Keycloak sets from each authorization request (when the request has them) and copies,
     * with ours, into the client session, which every sign-in of the same client in one SSO session
     * shares. An approval left by a sign-in whose code was never redeemed names the earlier request's
     * values, so a later sign-in cannot redeem it.
     */
    private static final List<String> REQUEST_NOTES = List.of(OIDCLoginProtocol.REDIRECT_URI_PARAM, OIDCLoginProtocol.STATE_PARAM,
            OIDCLoginProtocol.NONCE_PARAM, OIDCLoginProtocol.CODE_CHALLENGE_PARAM);

    private static final TypeReference<List<AuthorizationDetailsJSONRepresentation>> DETAILS = new TypeReference<>() {
    };

    private LinkedPayment() {
    }

    /**
     * The payment this step of the sign-in is asked to approve, or empty when there is none. Keycloak has
     * already passed the request through the processor (one payment at most, well formed); a note that no
     * longer parses is refused, never read as "no payment".
     *
     * <p>None in the reset-credentials flow ("Password locked?", the self-service unlock): Keycloak runs it in
     * the same authentication session, whose client notes still carry the payment of the sign-in it started
     * from, but an unlock approves no payment: its SMS names none, its code records no approval, and the code
     * card is asked as in any unlock.
     */
    public static Optional<Payment> requested(AuthenticationFlowContext context) {
        return ResetCredentialsFlow.runs(context) ? Optional.empty() : requested(context.getAuthenticationSession());
    }

    private static Optional<Payment> requested(AuthenticationSessionModel authSession) {
        return in(authSession.getClientNote(OAuth2Constants.AUTHORIZATION_DETAILS));
    }

    /**
     * Records that the customer approved this payment with {@code factor} (the app's signature or the SMS
     * code bound to it): for the token endpoint, and for a later level of this sign-in ({@link #alreadyApprovedBy}).
     */
    public static void approved(AuthenticationSessionModel authSession, Payment payment, String factor) {
        authSession.setClientNote(APPROVED, payment.hash() + " " + signIn(authSession::getClientNote, authSession.getAuthenticatedUser().getId()));
        authSession.setAuthNote(APPROVED_BY + factor, payment.hash());
    }

    /**
     * True when {@code factor}'s step already approved, in this sign-in, exactly the payment it asks for.
     * A fresh sign-in for a payment passes that step at each level (second factor, then the payment level);
     * the first approval already showed and bound this payment, so the same factor is not asked twice.
     * Another factor's approval does not count: amr names the factor that approved.
     */
    public static boolean alreadyApprovedBy(AuthenticationFlowContext context, String factor) {
        String approved = context.getAuthenticationSession().getAuthNote(APPROVED_BY + factor);
        return approved != null && requested(context).map(payment -> payment.hash().equals(approved)).orElse(false);
    }

    /** What the notes (a client session's, at the code grant) say about this payment. */
    enum Approval {
        /** Approved in the sign-in whose code is being redeemed. */
        APPROVED,
        /**
         * Approved in an earlier sign-in of the same client whose code was never redeemed: its notes stayed in
         * the client session, which later sign-ins share. Not this sign-in's payment.
         */
        LEFT_OVER,
        /** Not approved (or another payment was). */
        NOT_APPROVED
    }

    static Approval approval(Function<String, String> notes, String userId, Payment payment) {
        String approval = notes.apply(APPROVED);
        if (approval == null || !approval.startsWith(payment.hash() + " ")) {
            return Approval.NOT_APPROVED;
        }
        String expected = payment.hash() + " " + signIn(notes, userId);
        return MessageDigest.isEqual(approval.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))
                ? Approval.APPROVED : Approval.LEFT_OVER;
    }

    /**
     * Base64url SHA-256 over this sign-in's request values (absent ones as empty) and the customer who
     * approved: a sign-in restarted for another customer (Keycloak keeps client notes across a restart)
     * never carries the first customer's approval.
     */
    static String signIn(Function<String, String> notes, String userId) {
        StringBuilder values = new StringBuilder();
        values.append(userId == null ? -1 : userId.length()).append(':').append(userId == null ? "" : userId).append('\n');
        for (String note : REQUEST_NOTES) {
            String value = notes.apply(note);
            // Lengths first: no two lists of values give the same text.
            values.append(value == null ? -1 : value.length()).append(':').append(value == null ? "" : value).append('\n');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(values.toString().getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
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
