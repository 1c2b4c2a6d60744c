package io.nordicsca.keycloak.payment;

import org.junit.jupiter.api.Test;
import org.keycloak.protocol.oidc.rar.InvalidAuthorizationDetailsException;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
