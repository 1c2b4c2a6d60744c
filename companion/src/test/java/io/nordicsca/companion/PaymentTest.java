package io.nordicsca.companion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The app's own copy of the canonical form and hash: the fixed vectors the server's Payment is tested with. */
class PaymentTest {

    /** RFC 9396 §2's example shape as the server shows it, with the hash from the server's PaymentTest. */
    static final Payment EXAMPLE = new Payment("1250.00", "EUR", "Nordic Power Oy", "FI2112345600000785", "Invoice 4711",
            "bdgTGZcbcq2HFSSWXtIub4cDmZIgT_HvXRNNyb7EoCk");

    @Test
    void theCanonicalFormAndItsHashAreTheFixedVectors() {
        assertEquals("payment_initiation\n1250.00\nEUR\nNordic Power Oy\nFI2112345600000785\nInvoice 4711", EXAMPLE.canonical());
        // Independently: printf 'payment_initiation\n1250.00\nEUR\nNordic Power Oy\nFI2112345600000785\nInvoice 4711'
        //   | openssl dgst -sha256 -binary | basenc --base64url | tr -d =
        assertEquals("bdgTGZcbcq2HFSSWXtIub4cDmZIgT_HvXRNNyb7EoCk", EXAMPLE.ownHash());
        assertEquals(EXAMPLE.hash(), EXAMPLE.checkedHash());
        Payment yen = new Payment("1250", "JPY", "Åsa Öberg", "FI2112345600000785", null, null);
        assertEquals("payment_initiation\n1250\nJPY\nÅsa Öberg\nFI2112345600000785\n", yen.canonical());
        assertEquals("5R8lst-0La-KlCMChQVb8gEu81VlwAA1LdZtx0OM6Eo", yen.ownHash(), "UTF-8, and no reference is an empty last line");
    }

    @Test
    void theAmountIsWrittenWithTheCurrencysDigitsWhateverTheServerSent() {
        assertEquals(EXAMPLE.ownHash(), EXAMPLE.withAmount("1250").ownHash());
        assertEquals(EXAMPLE.ownHash(), EXAMPLE.withAmount("1250.0").ownHash());
        assertThrows(IllegalArgumentException.class, () -> EXAMPLE.withAmount("1250.001").canonical(), "more digits than EUR has");
        assertThrows(IllegalArgumentException.class, () -> EXAMPLE.withAmount("lots").canonical());
        assertThrows(IllegalArgumentException.class,
                () -> new Payment("1", "XXY", "Payee", "FI2112345600000785", null, null).canonical(), "no such currency");
        assertThrows(IllegalArgumentException.class, () -> new Payment("1", "EUR", null, "FI2112345600000785", null, null).canonical());
    }

    @Test
    void aServerHashThatIsNotTheHashOfWhatIsShownIsRefused() {
        Payment tampered = EXAMPLE.withAmount("9250.00");
        assertEquals(EXAMPLE.hash(), tampered.hash(), "the server's hash is kept");
        assertNotEquals(EXAMPLE.hash(), tampered.ownHash());
        PaymentMismatchException refused = assertThrows(PaymentMismatchException.class, tampered::checkedHash);
        assertTrue(refused.getMessage().contains("9250.00 EUR to Nordic Power Oy"), refused.getMessage());
        for (Payment other : new Payment[] {
                new Payment("1250.00", "SEK", "Nordic Power Oy", "FI2112345600000785", "Invoice 4711", EXAMPLE.hash()),
                new Payment("1250.00", "EUR", "Nordic Power Ab", "FI2112345600000785", "Invoice 4711", EXAMPLE.hash()),
                new Payment("1250.00", "EUR", "Nordic Power Oy", "DE89370400440532013000", "Invoice 4711", EXAMPLE.hash()),
                new Payment("1250.00", "EUR", "Nordic Power Oy", "FI2112345600000785", "Invoice 4712", EXAMPLE.hash()),
                new Payment("1250.00", "EUR", "Nordic Power Oy", "FI2112345600000785", null, EXAMPLE.hash()),
                new Payment("1250.001", "EUR", "Nordic Power Oy", "FI2112345600000785", "Invoice 4711", EXAMPLE.hash())}) {
            assertThrows(PaymentMismatchException.class, other::checkedHash, other.toString());
        }
    }

    @Test
    void readFromTheChallengeOrNoneForASignInAlone() {
        Payment read = Payment.from(Json.parse("{\"amount\":\"1250.00\",\"currency\":\"EUR\",\"payeeName\":\"Nordic Power Oy\","
                + "\"payeeAccount\":\"FI2112345600000785\",\"reference\":null,\"hash\":\"h\"}"));
        assertEquals(new Payment("1250.00", "EUR", "Nordic Power Oy", "FI2112345600000785", null, "h"), read);
        assertEquals("1250.00 EUR to Nordic Power Oy (FI2112345600000785)", read.describe());
        assertEquals("1250.00 EUR to Nordic Power Oy (FI2112345600000785), reference Invoice 4711", EXAMPLE.describe());
        assertNull(Payment.from(null));
        assertNull(Payment.from(Json.parse("null")));
        // A payment that is there but unreadable is not "no payment": the app refuses to approve.
        assertThrows(PaymentMismatchException.class, () -> Payment.from(Json.parse("\"1250.00 EUR\"")));
        assertThrows(PaymentMismatchException.class, () -> Payment.from(Json.parse("[1]")));
    }
}
