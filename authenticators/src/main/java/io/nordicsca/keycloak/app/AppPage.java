package io.nordicsca.keycloak.app;

import java.util.Locale;

import io.nordicsca.keycloak.errors.ErrorNotice;
import io.nordicsca.keycloak.payment.Payment;

/**
 * The app approval page's model ({@value AppApprovalAuthenticator#TEMPLATE}, attribute {@value #ATTRIBUTE}).
 * The template switches on {@link #state()}; fields a state does not show are 0, empty, false or null.
 *
 * @param state     which page
 * @param eventId   WAITING: the event ID the customer checks in the app
 * @param mode      WAITING: how the customer ties the request to this browser (the instruction differs)
 * @param expiresIn WAITING: seconds until the request expires
 * @param statusUrl WAITING: the device API's status call the page's script waits on
 * @param retry     PROBLEM: offer "Try again"
 * @param payment   WAITING: the payment the app shows and the customer approves there, or null for a sign-in alone
 * @param outcome   PROBLEM: how the request ended, with its catalogue code (the {@code errorNotice} macro's model);
 *                  null only while another answer of the customer is checked (the page's message says "try again")
 * @param minutesLeft PROBLEM: for the push limit, whole minutes until a request may be sent again; 0 otherwise
 */
public record AppPage(State state, String eventId, VerificationMode mode, long expiresIn, String statusUrl, boolean retry,
                      PaymentShown payment, ErrorNotice outcome, long minutesLeft) {

    /** The form attribute the template reads. */
    public static final String ATTRIBUTE = "app";

    public enum State {
        /** A request is in flight: show the event ID large and wait for the app's answer. */
        WAITING,
        /** The request ended (declined, expired, limit reached...): {@link #outcome()} says why and what to do. */
        PROBLEM
    }

    /**
     * The payment as the page names it, so the customer approves in the app what they chose here.
     *
     * @param amount    amount and currency in the page's language, e.g. "1 250,00 EUR"
     * @param payeeName the payee as the payment names it
     */
    public record PaymentShown(String amount, String payeeName) {
    }

    static AppPage waiting(ApprovalChallenge challenge, long now, String statusUrl, Locale locale) {
        Payment payment = challenge.payment();
        return new AppPage(State.WAITING, challenge.eventId(), VerificationMode.of(challenge.mode()),
                Math.max(0, challenge.expiresAt() - now), statusUrl, false,
                payment == null ? null : new PaymentShown(payment.amountText(locale), payment.payeeName()), null, 0);
    }

    static AppPage problem(ErrorNotice outcome, long minutesLeft, boolean retry) {
        return new AppPage(State.PROBLEM, "", VerificationMode.ENTER, 0, "", retry, null, outcome, minutesLeft);
    }
}
