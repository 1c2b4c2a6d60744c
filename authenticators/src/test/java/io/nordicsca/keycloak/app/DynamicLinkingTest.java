package io.nordicsca.keycloak.app;

import java.math.BigDecimal;
import java.util.List;

import io.nordicsca.keycloak.payment.Payment;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An approval names exactly its challenge's payment by hash, and no payment when the sign-in has none. */
class DynamicLinkingTest {

    private static final Payment PAYMENT = new Payment(new BigDecimal("1250.00"), "EUR", "Nordic Power Oy", "FI2112345600000785", null);

    @Test
    void aPaymentIsApprovedOnlyWithItsOwnHash() {
        ApprovalChallenge paying = challenge(PAYMENT);
        assertTrue(DeviceAnswers.samePayment(paying, PAYMENT.hash()));
        Payment tampered = new Payment(new BigDecimal("9250.00"), "EUR", "Nordic Power Oy", "FI2112345600000785", null);
        assertFalse(DeviceAnswers.samePayment(paying, tampered.hash()), "another amount's hash");
        assertFalse(DeviceAnswers.samePayment(paying, null), "no hash for a payment");
        assertFalse(DeviceAnswers.samePayment(paying, ""));
        assertFalse(DeviceAnswers.samePayment(paying, PAYMENT.hash() + "A"), "a longer text that starts with the hash");
        assertFalse(DeviceAnswers.samePayment(paying, PAYMENT.hash().substring(1)));
    }

    @Test
    void aSignInAloneIsApprovedOnlyWithoutAHash() {
        ApprovalChallenge alone = challenge(null);
        assertTrue(DeviceAnswers.samePayment(alone, null));
        assertFalse(DeviceAnswers.samePayment(alone, PAYMENT.hash()), "an app that believes it approves a payment the bank does not know of");
        assertFalse(DeviceAnswers.samePayment(alone, ""));
    }

    private static ApprovalChallenge challenge(Payment payment) {
        return new ApprovalChallenge("id", "realm", "user", "K7QM", List.of(), "enter", "Bank", "10.1.x.x", "Chrome on Android",
                900, 1_100, "key", payment);
    }
}
