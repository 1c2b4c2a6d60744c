package io.nordicsca.companion;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Currency;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The payment a sign-in asks the customer to approve (dynamic linking, PSD2 RTS art. 5), as the app
 * is shown it, with the server's transaction hash.
 *
 * <p>The app does not take the server's word for the hash: {@link #ownHash()} computes it from the
 * fields the app shows, with the app's own copy of the canonical form (docs/device-api.yaml), and
 * the app signs that. {@link #checkedHash()} refuses when the server's differs: the server would have
 * the customer approve something other than what the screen shows.
 *
 * @param amount       the amount as the server sent it, e.g. "1250.00"
 * @param currency     ISO 4217 code
 * @param payeeName    the payee's name
 * @param payeeAccount the payee's IBAN
 * @param reference    the reference (remittance information), or null
 * @param hash         the server's transaction hash
 */
public record Payment(String amount, String currency, String payeeName, String payeeAccount, String reference, String hash) {

    static final String TYPE = "payment_initiation";

    /**
     * The payment of a challenge as {@code challenges/pending} lists it, or null when the sign-in has none.
     * A {@code payment} that is there but not an object is refused: the app never reads it as "no payment".
     */
    static Payment from(JsonNode json) {
        if (json == null || json.isNull()) {
            return null;
        }
        if (!json.isObject()) {
            throw new PaymentMismatchException("the request's payment is not a JSON object: not approved");
        }
        return new Payment(Json.textOrNull(json, "amount"), Json.textOrNull(json, "currency"), Json.textOrNull(json, "payeeName"),
                Json.textOrNull(json, "payeeAccount"), Json.textOrNull(json, "reference"), Json.textOrNull(json, "hash"));
    }

    /**
     * The transaction as one text, lines joined by "\n": {@code payment_initiation}, the amount with
     * exactly the currency's digits ("1250.00"), the currency, the payee's name, the payee's account,
     * the reference or "".
     *
     * @throws IllegalArgumentException when a field is missing, the currency unknown or the amount has
     *                                  more digits than its currency (nothing the app could show as a payment)
     */
    public String canonical() {
        if (amount == null || currency == null || payeeName == null || payeeAccount == null) {
            throw new IllegalArgumentException("the payment lacks amount, currency, payee name or payee account");
        }
        String amountText;
        try {
            amountText = new BigDecimal(amount).setScale(Currency.getInstance(currency).getDefaultFractionDigits()).toPlainString();
        } catch (ArithmeticException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the payment's amount " + amount + " " + currency + " is not an amount in that currency", e);
        }
        return String.join("\n", TYPE, amountText, currency, payeeName, payeeAccount, reference == null ? "" : reference);
    }

    /** Base64url (no padding) SHA-256 of {@link #canonical()} in UTF-8: the hash of what the app shows. */
    public String ownHash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical().getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * The hash to sign: the app's own, once it equals the server's.
     *
     * @throws PaymentMismatchException when the server's hash is not the hash of what is shown
     */
    public String checkedHash() {
        String own;
        try {
            own = ownHash();
        } catch (IllegalArgumentException e) {
            throw new PaymentMismatchException("Not approved: " + e.getMessage() + ".");
        }
        if (!own.equals(hash)) {
            throw new PaymentMismatchException("Not approved: the server's transaction hash is not the hash of the payment shown ("
                    + describe() + ").");
        }
        return own;
    }

    /** For tests of the server's defences: this payment with another amount and the server's hash kept (a tampered screen). */
    public Payment withAmount(String otherAmount) {
        return new Payment(otherAmount, currency, payeeName, payeeAccount, reference, hash);
    }

    /** What the customer checks, in one line: "1250.00 EUR to Nordic Power Oy (FI2112345600000785), reference Invoice 4711". */
    public String describe() {
        return amount + " " + currency + " to " + payeeName + " (" + payeeAccount + ")"
                + (reference == null || reference.isEmpty() ? "" : ", reference " + reference);
    }
}
