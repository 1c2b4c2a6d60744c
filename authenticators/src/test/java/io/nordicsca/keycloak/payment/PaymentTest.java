package io.nordicsca.keycloak.payment;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.protocol.oidc.rar.InvalidAuthorizationDetailsException;
import org.keycloak.representations.AuthorizationDetailsJSONRepresentation;
import org.keycloak.util.JsonSerialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The payment as a relying party sends it (RFC 9396 payment_initiation) and as the customer approves it. */
class PaymentTest {

    static final String EXAMPLE = """
            {"type":"payment_initiation","instructedAmount":{"currency":"EUR","amount":"1250.00"},
             "creditorName":"Nordic Power Oy","creditorAccount":{"iban":"FI2112345600000785"},
             "remittanceInformationUnstructured":"Invoice 4711"}""";

    static Payment parse(String json) throws Exception {
        return Payment.parse(JsonSerialization.readValue(json, AuthorizationDetailsJSONRepresentation.class));
    }

    static String refusal(String json) {
        return assertThrows(InvalidAuthorizationDetailsException.class, () -> parse(json)).getMessage();
    }

    static String example(String field, String value) {
        return EXAMPLE.replace(field, value);
    }

    @Test
    void theExampleIsReadFieldByField() throws Exception {
        Payment payment = parse(EXAMPLE);
        assertEquals(new BigDecimal("1250.00"), payment.amount());
        assertEquals("EUR", payment.currency());
        assertEquals("Nordic Power Oy", payment.payeeName());
        assertEquals("FI2112345600000785", payment.payeeAccount());
        assertEquals("Invoice 4711", payment.reference());
    }

    @Test
    void theCanonicalFormAndItsHashAreFixed() throws Exception {
        Payment payment = parse(EXAMPLE);
        assertEquals("payment_initiation\n1250.00\nEUR\nNordic Power Oy\nFI2112345600000785\nInvoice 4711", payment.canonical());
        // Independently: printf 'payment_initiation\n1250.00\nEUR\nNordic Power Oy\nFI2112345600000785\nInvoice 4711'
        //   | openssl dgst -sha256 -binary | basenc --base64url | tr -d =
        assertEquals("bdgTGZcbcq2HFSSWXtIub4cDmZIgT_HvXRNNyb7EoCk", payment.hash());
    }

    @Test
    void theHashCoversEveryFieldInUtf8() throws Exception {
        Payment payment = new Payment(new BigDecimal("1250"), "JPY", "Åsa Öberg", "FI2112345600000785", null);
        assertEquals("payment_initiation\n1250\nJPY\nÅsa Öberg\nFI2112345600000785\n", payment.canonical());
        assertEquals("5R8lst-0La-KlCMChQVb8gEu81VlwAA1LdZtx0OM6Eo", payment.hash());
        String hash = parse(EXAMPLE).hash();
        assertFalse(hash.equals(parse(example("1250.00", "1250.01")).hash()));
        assertFalse(hash.equals(parse(example("Nordic Power Oy", "Nordic Power Ab")).hash()));
        assertFalse(hash.equals(parse(example("FI2112345600000785", "DE89370400440532013000")).hash()));
        assertFalse(hash.equals(parse(example("Invoice 4711", "Invoice 4712")).hash()));
        assertFalse(hash.equals(parse(example("EUR", "SEK")).hash()));
    }

    @Test
    void theAmountTakesTheCurrencysDigits() throws Exception {
        assertEquals("1250.00", parse(example("\"1250.00\"", "\"1250\"")).amount().toPlainString());
        assertEquals("1250.50", parse(example("\"1250.00\"", "\"1250.5\"")).amount().toPlainString());
        assertEquals("1250", parse(example("EUR", "JPY").replace("\"1250.00\"", "\"1250\"")).amount().toPlainString());
        assertEquals("1250.125", parse(example("EUR", "KWD").replace("\"1250.00\"", "\"1250.125\"")).amount().toPlainString());
        assertEquals("0.01", parse(example("\"1250.00\"", "\"0.01\"")).amount().toPlainString());
        assertEquals("999999999.99", parse(example("\"1250.00\"", "\"999999999.99\"")).amount().toPlainString());
    }

    @Test
    void moreDecimalsThanTheCurrencyHasAreRefused() {
        assertTrue(refusal(example("\"1250.00\"", "\"1250.001\"")).contains("more decimals than EUR has (2)"));
        assertTrue(refusal(example("EUR", "JPY").replace("\"1250.00\"", "\"1250.0\"")).contains("more decimals than JPY has (0)"));
        assertTrue(refusal(example("EUR", "KWD").replace("\"1250.00\"", "\"1250.1250\"")).contains("instructedAmount.amount"));
    }

    @Test
    void zeroNegativeOversizedOrOddlyWrittenAmountsAreRefused() {
        assertTrue(refusal(example("\"1250.00\"", "\"0.00\"")).contains("greater than zero"));
        assertTrue(refusal(example("\"1250.00\"", "\"-1250.00\"")).contains("positive decimal string"));
        assertTrue(refusal(example("\"1250.00\"", "\"1000000000.00\"")).contains("instructedAmount.amount"));
        assertTrue(refusal(example("\"1250.00\"", "\"999999999.991\"")).contains("instructedAmount.amount"));
        assertTrue(refusal(example("EUR", "KWD").replace("\"1250.00\"", "\"999999999.999\"")).contains("at most 999999999.99"));
        for (String odd : new String[] {"\"1e3\"", "\"1,250.00\"", "\"01250.00\"", "\" 1250.00\"", "\"1250.\"", "\"\"", "1250.00"}) {
            assertTrue(refusal(example("\"1250.00\"", odd)).contains("instructedAmount.amount must be"), odd);
        }
    }

    @Test
    void currenciesMustBeIso4217WithAMinorUnit() {
        assertTrue(refusal(example("EUR", "EURO")).contains("ISO 4217"));
        assertTrue(refusal(example("EUR", "eur")).contains("ISO 4217"));
        assertTrue(refusal(example("EUR", "ABC")).contains("is not an ISO 4217 currency"));
        assertTrue(refusal(example("EUR", "XAU")).contains("not a currency a payment can be made in"));
    }

    @Test
    void ibanCheckDigitsAreVerified() throws Exception {
        assertTrue(Payment.checkDigitsHold("FI2112345600000785"));
        assertTrue(Payment.checkDigitsHold("SE4550000000058398257466"));
        assertTrue(Payment.checkDigitsHold("NO9386011117947"));
        assertTrue(Payment.checkDigitsHold("DK5000400440116243"));
        assertTrue(Payment.checkDigitsHold("GB82WEST12345698765432"));
        assertFalse(Payment.checkDigitsHold("FI2112345600000786"));
        assertFalse(Payment.checkDigitsHold("FI2212345600000785"));
        assertEquals("NO9386011117947", parse(example("FI2112345600000785", "NO9386011117947")).payeeAccount());
        for (String bad : new String[] {"FI2112345600000786", "FI21 1234 5600 0007 85", "fi2112345600000785", "FI21123", "FI21123456000007851234567890123456789"}) {
            assertTrue(refusal(example("FI2112345600000785", bad)).contains("creditorAccount.iban"), bad);
        }
    }

    @Test
    void thePayeeNameIsOneLineOfPlainTextUpTo70Characters() throws Exception {
        assertEquals("Å".repeat(70), parse(example("Nordic Power Oy", "Å".repeat(70))).payeeName());
        for (String bad : new String[] {"", "   ", "Nordic\\nPower", "Nordic\\u202EPower", " Nordic Power Oy", "x".repeat(71)}) {
            assertTrue(refusal(example("Nordic Power Oy", bad)).contains("creditorName"), bad);
        }
        assertTrue(refusal(example("\"Nordic Power Oy\"", "42")).contains("creditorName must be a JSON string"));
    }

    @Test
    void theReferenceIsOptionalPlainTextUpTo140Characters() throws Exception {
        assertNull(parse(example(",\n \"remittanceInformationUnstructured\":\"Invoice 4711\"", "")).reference());
        assertNull(parse(example("Invoice 4711", "")).reference());
        assertEquals("r".repeat(140), parse(example("Invoice 4711", "r".repeat(140))).reference());
        assertTrue(refusal(example("Invoice 4711", "r".repeat(141))).contains("remittanceInformationUnstructured"));
        assertTrue(refusal(example("Invoice 4711", "Invoice\\t4711")).contains("remittanceInformationUnstructured"));
    }

    @Test
    void missingPartsAndFieldsTheCustomerWouldNotSeeAreRefused() {
        assertTrue(refusal(example("\"instructedAmount\":{\"currency\":\"EUR\",\"amount\":\"1250.00\"},", "")).contains("instructedAmount must be a JSON object"));
        assertTrue(refusal(example("\"creditorAccount\":{\"iban\":\"FI2112345600000785\"},", "")).contains("creditorAccount must be a JSON object"));
        assertTrue(refusal(example("\"creditorName\":\"Nordic Power Oy\",", "")).contains("creditorName must be a JSON string"));
        assertTrue(refusal(example("\"currency\":\"EUR\",", "")).contains("instructedAmount.currency must be a JSON string"));
        String debtor = refusal(example("\"creditorName\"", "\"debtorAccount\":{\"iban\":\"FI2112345600000785\"},\"creditorName\""));
        assertTrue(debtor.contains("unknown field debtorAccount"), debtor);
        String odd = refusal(example("\"creditorName\"", "\"a\\\"b\":1,\"creditorName\""));
        assertFalse(odd.contains("\""), "an error_description carries no quotes: " + odd);
        assertTrue(refusal(example("payment_initiation", "account_information")).contains("type must be payment_initiation"));
    }

    @Test
    void fieldsNestedBesideTheShownOnesAreRefused() {
        // A payment API that read a bban or an exchange rate would pay what the customer never saw.
        String bban = refusal(example("{\"iban\":\"FI2112345600000785\"}", "{\"iban\":\"FI2112345600000785\",\"bban\":\"MULE-0001\"}"));
        assertTrue(bban.contains("unknown field creditorAccount.bban"), bban);
        String rate = refusal(example("\"amount\":\"1250.00\"}", "\"amount\":\"1250.00\",\"exchangeRateInformation\":{\"rate\":\"2\"}}"));
        assertTrue(rate.contains("unknown field instructedAmount.exchangeRateInformation"), rate);
    }

    @Test
    void rfc9396CommonFieldsAreRefusedTheCustomerIsNotShownThem() {
        for (String common : new String[] {"\"locations\":[\"https://pay.example\"]", "\"actions\":[\"initiate\"]",
                "\"datatypes\":[\"x\"]", "\"identifier\":\"anything\"", "\"privileges\":[\"x\"]"}) {
            String refused = refusal(example("{\"type\"", "{" + common + ",\"type\""));
            assertTrue(refused.contains("not part of a payment"), common + ": " + refused);
        }
    }

    @Test
    void tokensCarryThePaymentRebuiltFromWhatWasShown() throws Exception {
        Payment payment = parse(EXAMPLE);
        AuthorizationDetailsJSONRepresentation detail = payment.toDetail();
        assertEquals(JsonSerialization.readValue(EXAMPLE, Map.class), JsonSerialization.readValue(JsonSerialization.writeValueAsString(detail), Map.class));
        assertEquals(payment, Payment.parse(detail), "the rebuilt detail reads back as the same payment");
    }

    @Test
    void theAmountReadsAsTheCustomersLanguageWritesIt() throws Exception {
        Payment payment = parse(EXAMPLE);
        assertEquals("1,250.00 EUR", payment.amountText(Locale.ENGLISH));
        // Nordic languages group thousands with a (no-break) space and use a decimal comma.
        for (String language : new String[] {"fi", "sv", "nb", "nn", "da"}) {
            String text = payment.amountText(Locale.forLanguageTag(language)).replace('\u00a0', ' ').replace('\u202f', ' ');
            assertTrue(text.equals("1 250,00 EUR") || text.equals("1.250,00 EUR"), language + ": " + text);
        }
        assertEquals("1,250 JPY", new Payment(new BigDecimal("1250"), "JPY", "Shop", "FI2112345600000785", null).amountText(Locale.ENGLISH));
    }

    @Test
    void theAppGetsWhatItShowsAndTheHash() throws Exception {
        Map<String, Object> forApp = parse(EXAMPLE).forApp();
        assertEquals("1250.00", forApp.get("amount"));
        assertEquals("EUR", forApp.get("currency"));
        assertEquals("Nordic Power Oy", forApp.get("payeeName"));
        assertEquals("FI2112345600000785", forApp.get("payeeAccount"));
        assertEquals("Invoice 4711", forApp.get("reference"));
        assertEquals("bdgTGZcbcq2HFSSWXtIub4cDmZIgT_HvXRNNyb7EoCk", forApp.get("hash"));
        assertTrue(forApp.containsKey("reference") && parse(example("Invoice 4711", "")).forApp().get("reference") == null);
    }

    @Test
    void theAccountIsShownAsItsCountryAndLastFourCharactersInGsmCharacters() throws Exception {
        assertEquals("FI**0785", parse(EXAMPLE).accountShown(), "what a customer compares with the invoice, short");
        assertEquals("NO**7947", parse(example("FI2112345600000785", "NO9386011117947")).accountShown(), "the shortest IBAN (15)");
        assertEquals("SE**7466", new Payment(new BigDecimal("1"), "EUR", "Shop", "SE4550000000058398257466", null).accountShown());
    }
}
