package io.nordicsca.keycloak.app;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.nordicsca.keycloak.payment.Payment;

/**
 * One sign-in waiting for the customer's approval in the app, as every node reads it from the
 * single-use store. It never changes once made; the answer is stored beside it ({@link Challenges}).
 *
 * @param options    the event IDs the app offers in {@code select} mode (the right one among them)
 * @param browserKey the secret the waiting browser page presents to read the status
 * @param payment    the payment this sign-in approves (dynamic linking), or null for a sign-in alone
 * @param ciba       the CIBA request this challenge answers (decoupled: no browser waits), or null for a sign-in
 */
record ApprovalChallenge(String id, String realmId, String userId, String eventId, List<String> options, String mode,
                         String client, String ip, String browser, long requestedAt, long expiresAt, String browserKey,
                         Payment payment, Ciba ciba) {

    /**
     * The Keycloak CIBA request behind a decoupled challenge.
     *
     * @param authResultId Keycloak's key of the request's approval ({@code CIBAAuthenticationRequest.getAuthResultId()}),
     *                     what {@code DeviceGrantType.approveUserCode}/{@code denyUserCode} take
     * @param clientId     the client that asked (only it may read the event ID; its ping endpoint is notified)
     * @param purpose      why the client asks, as the app shows it
     */
    record Ciba(String authResultId, String clientId, String purpose) {
    }

    private static final String PAYMENT = "payment.";
    private static final String CIBA = "ciba.";

    /** A challenge of a sign-in in the browser. */
    ApprovalChallenge(String id, String realmId, String userId, String eventId, List<String> options, String mode, String client,
                      String ip, String browser, long requestedAt, long expiresAt, String browserKey, Payment payment) {
        this(id, realmId, userId, eventId, options, mode, client, ip, browser, requestedAt, expiresAt, browserKey, payment, null);
    }

    boolean decoupled() {
        return ciba != null;
    }

    Map<String, String> toNotes() {
        Map<String, String> notes = new HashMap<>();
        notes.put("id", id);
        notes.put("realm", realmId);
        notes.put("user", userId);
        notes.put("eventId", eventId);
        notes.put("options", String.join(",", options));
        notes.put("mode", mode);
        notes.put("client", client);
        notes.put("ip", ip);
        notes.put("browser", browser);
        notes.put("requestedAt", String.valueOf(requestedAt));
        notes.put("expiresAt", String.valueOf(expiresAt));
        notes.put("browserKey", browserKey);
        if (payment != null) {
            notes.put(PAYMENT + "amount", payment.amount().toPlainString());
            notes.put(PAYMENT + "currency", payment.currency());
            notes.put(PAYMENT + "payeeName", payment.payeeName());
            notes.put(PAYMENT + "payeeAccount", payment.payeeAccount());
            if (payment.reference() != null) {
                notes.put(PAYMENT + "reference", payment.reference());
            }
        }
        if (ciba != null) {
            notes.put(CIBA + "authResultId", ciba.authResultId());
            notes.put(CIBA + "clientId", ciba.clientId());
            notes.put(CIBA + "purpose", ciba.purpose());
        }
        return notes;
    }

    static ApprovalChallenge of(Map<String, String> notes) {
        return new ApprovalChallenge(notes.get("id"), notes.get("realm"), notes.get("user"), notes.get("eventId"),
                notes.get("options").isEmpty() ? List.of() : Arrays.asList(notes.get("options").split(",")), notes.get("mode"),
                notes.get("client"), notes.get("ip"), notes.get("browser"), Long.parseLong(notes.get("requestedAt")),
                Long.parseLong(notes.get("expiresAt")), notes.get("browserKey"), paymentOf(notes),
                notes.get(CIBA + "authResultId") == null ? null
                        : new Ciba(notes.get(CIBA + "authResultId"), notes.get(CIBA + "clientId"), notes.get(CIBA + "purpose")));
    }

    /** The payment as stored with the challenge; it was parsed and checked when the sign-in asked for it. */
    private static Payment paymentOf(Map<String, String> notes) {
        String amount = notes.get(PAYMENT + "amount");
        return amount == null ? null : new Payment(new BigDecimal(amount), notes.get(PAYMENT + "currency"),
                notes.get(PAYMENT + "payeeName"), notes.get(PAYMENT + "payeeAccount"), notes.get(PAYMENT + "reference"));
    }

    boolean expired(long now) {
        return now >= expiresAt;
    }

    /**
     * What the app is shown: the event ID itself only in compare mode, the options in select mode,
     * and the payment with its hash, which the app recomputes from what it shows and signs. A CIBA
     * request says why the client asks and that no browser of the customer's started it ({@code decoupled}).
     */
    Map<String, Object> forApp() {
        Map<String, Object> shown = new HashMap<>();
        shown.put("id", id);
        shown.put("client", client);
        shown.put("requestedAt", requestedAt);
        shown.put("expiresAt", expiresAt);
        shown.put("ip", ip);
        shown.put("browser", browser);
        shown.put("mode", mode);
        if (VerificationMode.COMPARE.id().equals(mode)) {
            shown.put("eventId", eventId);
        } else if (VerificationMode.SELECT.id().equals(mode)) {
            shown.put("eventIdOptions", options);
        }
        if (payment != null) {
            shown.put("payment", payment.forApp());
        }
        if (ciba != null) {
            shown.put("purpose", ciba.purpose());
            shown.put("decoupled", true);
        }
        return shown;
    }
}
