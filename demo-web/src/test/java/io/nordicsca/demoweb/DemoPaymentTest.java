package io.nordicsca.demoweb;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoPaymentTest {

    @Test
    void sendsThePaymentInitiationOfRfc9396() throws Exception {
        assertEquals("[{\"type\":\"payment_initiation\",\"instructedAmount\":{\"currency\":\"EUR\",\"amount\":\"1250.00\"},"
                + "\"creditorName\":\"Nordic Power Oy\",\"creditorAccount\":{\"iban\":\"FI2112345600000785\"}}]",
                DemoPayment.authorizationDetails());
    }

    @Test
    void acceptsTheSamePaymentBack() throws Exception {
        assertTrue(DemoPayment.isApprovedIn(Json.MAPPER.readTree(DemoPayment.authorizationDetails())));
        JsonNode sameAmountOtherScale = Json.MAPPER.readTree(DemoPayment.authorizationDetails().replace("1250.00", "1250.0"));
        assertTrue(DemoPayment.isApprovedIn(sameAmountOtherScale));
    }

    @Test
    void refusesAnyOtherPayment() throws Exception {
        String sent = DemoPayment.authorizationDetails();
        assertFalse(DemoPayment.isApprovedIn(Json.MAPPER.readTree(sent.replace("1250.00", "1250.01"))));
        assertFalse(DemoPayment.isApprovedIn(Json.MAPPER.readTree(sent.replace("EUR", "SEK"))));
        assertFalse(DemoPayment.isApprovedIn(Json.MAPPER.readTree(sent.replace("Nordic Power Oy", "Nordic Power AB"))));
        assertFalse(DemoPayment.isApprovedIn(Json.MAPPER.readTree(sent.replace("FI2112345600000785", "FI2112345600000786"))));
        assertFalse(DemoPayment.isApprovedIn(Json.MAPPER.readTree("[]")));
        assertFalse(DemoPayment.isApprovedIn(null));
        JsonNode twice = Json.MAPPER.readTree(sent);
        ((com.fasterxml.jackson.databind.node.ArrayNode) twice).add(twice.get(0).deepCopy());
        assertFalse(DemoPayment.isApprovedIn(twice), "two payments approved where one was sent");
        ObjectNode notAnArray = Json.MAPPER.createObjectNode();
        assertFalse(DemoPayment.isApprovedIn(notAnArray));
    }

    @Test
    void printsTheIbanInGroupsOfFour() {
        assertEquals("FI21 1234 5600 0007 85", DemoPayment.ibanText());
    }
}
