package io.nordicsca.demoweb;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one payment the demo makes: 1 250,00 EUR to Nordic Power Oy, sent as an OAuth Rich
 * Authorization Request (RFC 9396) of type {@code payment_initiation}.
 */
final class DemoPayment {

    static final String TYPE = "payment_initiation";
    static final BigDecimal AMOUNT = new BigDecimal("1250.00");
    static final String CURRENCY = "EUR";
    static final String CREDITOR_NAME = "Nordic Power Oy";
    static final String CREDITOR_IBAN = "FI2112345600000785";

    private DemoPayment() {
    }

    /** The {@code authorization_details} request parameter: a JSON array with the payment. */
    static String authorizationDetails() {
        ObjectNode payment = Json.MAPPER.createObjectNode();
        payment.put("type", TYPE);
        payment.putObject("instructedAmount").put("currency", CURRENCY).put("amount", AMOUNT.toPlainString());
        payment.put("creditorName", CREDITOR_NAME);
        payment.putObject("creditorAccount").put("iban", CREDITOR_IBAN);
        ArrayNode details = Json.MAPPER.createArrayNode().add(payment);
        return Json.text(details);
    }

    /** "1 250,00 EUR" in the customer's language (number style of the locale, currency code after). */
    static String amountText(Locale locale) {
        NumberFormat format = NumberFormat.getNumberInstance(locale);
        int digits = Currency.getInstance(CURRENCY).getDefaultFractionDigits();
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(digits);
        return format.format(AMOUNT) + " " + CURRENCY;
    }

    /** The IBAN in groups of four, as banks print it. */
    static String ibanText() {
        return CREDITOR_IBAN.replaceAll("(.{4})(?!$)", "$1 ");
    }

    /**
     * True when the token response's {@code authorization_details} approve exactly this payment:
     * one {@code payment_initiation}, with the amount, currency, payee name and account sent.
     */
    static boolean isApprovedIn(JsonNode authorizationDetails) {
        if (authorizationDetails == null || !authorizationDetails.isArray()) {
            return false;
        }
        JsonNode found = null;
        for (JsonNode detail : authorizationDetails) {
            if (TYPE.equals(Json.textOrNull(detail, "type"))) {
                if (found != null) {
                    return false;
                }
                found = detail;
            }
        }
        return found != null
                && sameAmount(found.path("instructedAmount").path("amount").asText(""))
                && CURRENCY.equals(found.path("instructedAmount").path("currency").asText())
                && CREDITOR_NAME.equals(found.path("creditorName").asText())
                && CREDITOR_IBAN.equals(found.path("creditorAccount").path("iban").asText());
    }

    private static boolean sameAmount(String amount) {
        try {
            return new BigDecimal(amount).compareTo(AMOUNT) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
