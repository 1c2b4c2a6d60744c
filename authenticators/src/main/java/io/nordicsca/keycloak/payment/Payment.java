package io.nordicsca.keycloak.payment;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.NumberFormat;
import java.util.Base64;
import java.util.Collections;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.nordicsca.keycloak.PlainText;

import org.keycloak.protocol.oidc.rar.InvalidAuthorizationDetailsException;
import org.keycloak.representations.AuthorizationDetailsJSONRepresentation;

/**
 * One payment a relying party asks the customer to approve (PSD2 RTS art. 5, dynamic linking): what
 * the SMS names and the app shows, and what the approval is bound to through {@link #hash()}.
 *
 * <p>It comes as an OAuth Rich Authorization Request (RFC 9396) detail of type
 * {@code payment_initiation}, in the shape of RFC 9396 §2's example:
 * <pre>{"type":"payment_initiation","instructedAmount":{"currency":"EUR","amount":"1250.00"},
 *  "creditorName":"Nordic Power Oy","creditorAccount":{"iban":"FI2112345600000785"},
 *  "remittanceInformationUnstructured":"Invoice 4711"}</pre>
 * A field the customer would not be shown is refused rather than ignored, at every depth (a {@code bban}
 * beside the {@code iban}, an exchange rate beside the amount) and RFC 9396's common fields
 * ({@code locations}, {@code actions}, {@code datatypes}, {@code identifier}, {@code privileges}) too: an
 * approval covers only what was on the screen, and the tokens carry {@link #toDetail()}, rebuilt from
 * exactly the fields the hash covers.
 *
 * @param amount       scale = the currency's fraction digits
 * @param currency     ISO 4217 code
 * @param payeeName    one line of plain text, 1..70 characters
 * @param payeeAccount IBAN in electronic format (upper case, no spaces), ISO 13616 check digits verified
 * @param reference    the remittance information, or null
 */
public record Payment(BigDecimal amount, String currency, String payeeName, String payeeAccount, String reference) {

    public static final String TYPE = "payment_initiation";
    /** Above this no payment is accepted (a typo guard, not a limit a bank sets per customer). */
    public static final BigDecimal MAX_AMOUNT = new BigDecimal("999999999.99");
    static final int MAX_NAME = 70;
    static final int MAX_REFERENCE = 140;

    private static final Set<String> FIELDS = Set.of("instructedAmount", "creditorName", "creditorAccount",
            "remittanceInformationUnstructured");
    private static final Pattern AMOUNT = Pattern.compile("(0|[1-9][0-9]{0,8})(\\.[0-9]{1,3})?");
    private static final Pattern IBAN = Pattern.compile("[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}");
    private static final BigInteger NINETY_SEVEN = BigInteger.valueOf(97);

    /**
     * The payment in a {@code payment_initiation} detail. Messages hold no quotes or backslashes, which an
     * OAuth {@code error_description} may not carry (RFC 6749 §5.2).
     *
     * @throws InvalidAuthorizationDetailsException naming the field that is wrong, in English (it becomes
     *                                              the OAuth {@code error_description} the client's developer reads)
     */
    public static Payment parse(AuthorizationDetailsJSONRepresentation detail) {
        if (detail == null || !TYPE.equals(detail.getType())) {
            throw invalid("type must be " + TYPE);
        }
        Map<String, Object> data = detail.getCustomData() == null ? Map.of() : detail.getCustomData();
        for (String field : data.keySet()) {
            if (!FIELDS.contains(field)) {
                // The name is echoed only when it is a plain identifier: error_description allows no quotes or controls (RFC 6749 §5.2).
                String named = field.matches("[A-Za-z][A-Za-z0-9_]{0,39}") ? " " + field : "";
                throw invalid("unknown field" + named + ": only instructedAmount, creditorName, "
                        + "creditorAccount and remittanceInformationUnstructured describe a payment");
            }
        }
        if (detail.getLocations() != null || detail.getActions() != null || detail.getDatatypes() != null
                || detail.getIdentifier() != null || detail.getPrivileges() != null) {
            throw invalid("locations, actions, datatypes, identifier and privileges are not part of a payment the customer is shown");
        }
        Map<?, ?> instructed = object(data, "instructedAmount");
        only(instructed, "instructedAmount", Set.of("currency", "amount"));
        only(object(data, "creditorAccount"), "creditorAccount", Set.of("iban"));
        String currencyCode = string(instructed, "instructedAmount.currency");
        Currency currency = currency(currencyCode);
        BigDecimal amount = amount(string(instructed, "instructedAmount.amount"), currency);
        String name = string(data.get("creditorName"), "creditorName");
        if (name.isBlank() || name.strip().length() != name.length() || !PlainText.isOneLine(name)
                || name.codePointCount(0, name.length()) > MAX_NAME) {
            throw invalid("creditorName must be one line of plain text, 1 to " + MAX_NAME
                    + " characters, without leading or trailing spaces");
        }
        String iban = string(object(data, "creditorAccount"), "creditorAccount.iban");
        if (!IBAN.matcher(iban).matches() || !checkDigitsHold(iban)) {
            throw invalid("creditorAccount.iban must be an IBAN in electronic format (upper-case letters and digits, "
                    + "no spaces, 15 to 34 characters) with valid check digits");
        }
        Object rawReference = data.get("remittanceInformationUnstructured");
        String reference = rawReference == null ? null : string(rawReference, "remittanceInformationUnstructured");
        if (reference != null && (!PlainText.isOneLine(reference) || reference.codePointCount(0, reference.length()) > MAX_REFERENCE)) {
            throw invalid("remittanceInformationUnstructured must be one line of plain text, at most " + MAX_REFERENCE + " characters");
        }
        // "" and no reference read the same on every screen; one form keeps the hash one.
        return new Payment(amount, currency.getCurrencyCode(), name, iban, reference == null || reference.isEmpty() ? null : reference);
    }

    /**
     * The transaction as one string, the input of {@link #hash()}: lines joined by "\n":
     * {@code payment_initiation}, the amount with the currency's digits ("1250.00"), the currency, the
     * payee's name, the payee's IBAN, the reference or "". No field can hold a line break, so the lines
     * cannot be shifted into one another.
     */
    public String canonical() {
        return String.join("\n", List.of(TYPE, amount.toPlainString(), currency, payeeName, payeeAccount,
                reference == null ? "" : reference));
    }

    /** Base64url (no padding) SHA-256 of {@link #canonical()} in UTF-8: the transaction hash the app signs and the SMS code is bound to. */
    public String hash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical().getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** "1 250,00 EUR" in Finnish, "1,250.00 EUR" in English: the locale's number, the currency code after it. */
    public String amountText(Locale locale) {
        NumberFormat format = NumberFormat.getNumberInstance(locale);
        format.setGroupingUsed(true);
        format.setMinimumFractionDigits(amount.scale());
        format.setMaximumFractionDigits(amount.scale());
        return format.format(amount) + " " + currency;
    }

    /**
     * The detail as tokens carry it: rebuilt from this record, so a token says exactly what the customer
     * was shown and the hash covers, whatever else the request's JSON held.
     */
    public AuthorizationDetailsJSONRepresentation toDetail() {
        AuthorizationDetailsJSONRepresentation detail = new AuthorizationDetailsJSONRepresentation();
        detail.setType(TYPE);
        Map<String, String> instructed = new LinkedHashMap<>();
        instructed.put("currency", currency);
        instructed.put("amount", amount.toPlainString());
        detail.setCustomData("instructedAmount", instructed);
        detail.setCustomData("creditorName", payeeName);
        detail.setCustomData("creditorAccount", Map.of("iban", payeeAccount));
        if (reference != null) {
            detail.setCustomData("remittanceInformationUnstructured", reference);
        }
        return detail;
    }

    /**
     * The payee's account as the SMS names it, "FI**0785": the IBAN's country code and its last four
     * characters, what a customer compares with the invoice and what keeps the SMS short. The name alone is
     * free text from the relying party; the account is where the money goes. Asterisks, not bullets: they
     * are in the GSM 7-bit alphabet, so the SMS stays one GSM message where its length allows.
     */
    public String accountShown() {
        return payeeAccount.substring(0, 2) + "**" + payeeAccount.substring(payeeAccount.length() - 4);
    }

    /** What the app receives with the challenge: the fields it shows and the hash it must recompute from them. */
    public Map<String, Object> forApp() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("amount", amount.toPlainString());
        fields.put("currency", currency);
        fields.put("payeeName", payeeName);
        fields.put("payeeAccount", payeeAccount);
        fields.put("reference", reference);
        fields.put("hash", hash());
        return Collections.unmodifiableMap(fields);
    }

    /** ISO 13616: the country code and check digits moved to the end, letters as 10..35, the number mod 97 is 1. */
    static boolean checkDigitsHold(String iban) {
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        StringBuilder digits = new StringBuilder(rearranged.length() * 2);
        for (char c : rearranged.toCharArray()) {
            digits.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
        }
        return new BigInteger(digits.toString()).mod(NINETY_SEVEN).intValue() == 1;
    }

    private static Currency currency(String code) {
        if (!code.matches("[A-Z]{3}")) {
            throw invalid("instructedAmount.currency must be an ISO 4217 code such as EUR");
        }
        try {
            Currency currency = Currency.getInstance(code);
            // Precious metals, SDRs and the test code have no minor unit: nothing a customer pays in.
            if (currency.getDefaultFractionDigits() < 0) {
                throw invalid("instructedAmount.currency " + code + " is not a currency a payment can be made in");
            }
            return currency;
        } catch (IllegalArgumentException e) {
            throw invalid("instructedAmount.currency " + code + " is not an ISO 4217 currency");
        }
    }

    private static BigDecimal amount(String text, Currency currency) {
        int digits = currency.getDefaultFractionDigits();
        if (!AMOUNT.matcher(text).matches()) {
            throw invalid("instructedAmount.amount must be a positive decimal string such as "
                    + (digits == 0 ? "1250" : "1250." + "0".repeat(digits)));
        }
        BigDecimal amount = new BigDecimal(text);
        if (amount.scale() > digits) {
            throw invalid("instructedAmount.amount has more decimals than " + currency.getCurrencyCode() + " has (" + digits + ")");
        }
        if (amount.signum() <= 0) {
            throw invalid("instructedAmount.amount must be greater than zero");
        }
        if (amount.compareTo(MAX_AMOUNT) > 0) {
            throw invalid("instructedAmount.amount must be at most " + MAX_AMOUNT.toPlainString());
        }
        return amount.setScale(digits);
    }

    private static void only(Map<?, ?> object, String field, Set<String> allowed) {
        for (Object key : object.keySet()) {
            if (!allowed.contains(key)) {
                String named = String.valueOf(key).matches("[A-Za-z][A-Za-z0-9_]{0,39}") ? " " + field + "." + key : "";
                throw invalid("unknown field" + named + ": " + field + " holds only " + String.join(" and ", new TreeSet<>(allowed)));
            }
        }
    }

    private static Map<?, ?> object(Map<?, ?> data, String field) {
        if (data.get(field) instanceof Map<?, ?> map) {
            return map;
        }
        throw invalid(field + " must be a JSON object");
    }

    private static String string(Map<?, ?> object, String path) {
        return string(object.get(path.substring(path.indexOf('.') + 1)), path);
    }

    private static String string(Object value, String path) {
        if (value instanceof String text) {
            return text;
        }
        throw invalid(path + " must be a JSON string");
    }

    private static InvalidAuthorizationDetailsException invalid(String why) {
        return new InvalidAuthorizationDetailsException("Invalid payment_initiation: " + why);
    }
}
