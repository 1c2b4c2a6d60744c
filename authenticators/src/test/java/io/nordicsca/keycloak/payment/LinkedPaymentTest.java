package io.nordicsca.keycloak.payment;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.protocol.oidc.rar.InvalidAuthorizationDetailsException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The payment found in the request's authorization_details, as Keycloak stores it in the sign-in. */
class LinkedPaymentTest {

    @Test
    void theOnePaymentIsFoundAmongOtherDetails() {
        String details = "[{\"type\":\"openid_credential\",\"credential_configuration_id\":\"x\"}," + PaymentTest.EXAMPLE + "]";
        assertEquals("Nordic Power Oy", LinkedPayment.in(details).orElseThrow().payeeName());
    }

    @Test
    void noParameterOrNoPaymentIsNoPayment() {
        assertTrue(LinkedPayment.in(null).isEmpty());
        assertTrue(LinkedPayment.in("").isEmpty());
        assertTrue(LinkedPayment.in("[{\"type\":\"openid_credential\"}]").isEmpty());
    }

    @Test
    void aBrokenNoteOrTwoPaymentsAreRefusedNeverReadAsNoPayment() {
        assertThrows(InvalidAuthorizationDetailsException.class, () -> LinkedPayment.in("not json"));
        assertThrows(InvalidAuthorizationDetailsException.class, () -> LinkedPayment.in("{\"type\":\"payment_initiation\"}"));
        assertThrows(InvalidAuthorizationDetailsException.class, () -> LinkedPayment.in("[" + PaymentTest.EXAMPLE + "," + PaymentTest.EXAMPLE + "]"));
        assertThrows(InvalidAuthorizationDetailsException.class,
                () -> LinkedPayment.in("[" + PaymentTest.EXAMPLE.replace("FI2112345600000785", "FI2112345600000786") + "]"));
    }

    @Test
    void anApprovalHoldsForThePaymentAndTheSignInThatApprovedIt() throws Exception {
        Payment payment = PaymentTest.parse(PaymentTest.EXAMPLE);
        Map<String, String> notes = new HashMap<>(Map.of("redirect_uri", "http://localhost:3000/cb", "state", "s1", "code_challenge", "c1"));
        assertEquals(LinkedPayment.Approval.NOT_APPROVED, LinkedPayment.approval(notes::get, "dana", payment), "nothing approved yet");
        notes.put(LinkedPayment.APPROVED, payment.hash() + " " + LinkedPayment.signIn(notes::get, "dana"));
        assertEquals(LinkedPayment.Approval.APPROVED, LinkedPayment.approval(notes::get, "dana", payment));
        // A sign-in restarted for another customer keeps the client notes; the approval stays Dana's.
        assertEquals(LinkedPayment.Approval.LEFT_OVER, LinkedPayment.approval(notes::get, "erik", payment), "another customer's sign-in");

        Payment other = PaymentTest.parse(PaymentTest.EXAMPLE.replace("1250.00", "1250.01"));
        assertEquals(LinkedPayment.Approval.NOT_APPROVED, LinkedPayment.approval(notes::get, "dana", other), "another amount");

        // A later sign-in of the same client overwrites the request's notes, not the approval.
        notes.put("state", "s2");
        notes.put("code_challenge", "c2");
        assertEquals(LinkedPayment.Approval.LEFT_OVER, LinkedPayment.approval(notes::get, "dana", payment), "an approval left by an earlier sign-in");
        assertEquals(LinkedPayment.Approval.NOT_APPROVED, LinkedPayment.approval(notes::get, "dana", other), "and never one of another payment");
    }

    @Test
    void theSignInsValuesCannotBeShiftedIntoOneAnother() {
        assertNotEquals(LinkedPayment.signIn(Map.of("state", "ab", "nonce", "c")::get, "dana"), LinkedPayment.signIn(Map.of("state", "a", "nonce", "bc")::get, "dana"));
        assertNotEquals(LinkedPayment.signIn(Map.of("state", "")::get, "dana"), LinkedPayment.signIn(Map.<String, String>of()::get, "dana"));
    }
}
