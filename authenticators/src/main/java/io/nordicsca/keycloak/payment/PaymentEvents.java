package io.nordicsca.keycloak.payment;

/** Event details and errors of linked payments. Amounts and payees are no secrets, but events name the payment by its hash. */
public final class PaymentEvents {

    /** Detail: {@link Payment#hash()} of the payment a step asked about or approved. */
    public static final String PAYMENT_HASH = "payment_hash";

    /** Error: the payment level was asked for without a payment. */
    public static final String PAYMENT_MISSING = "nordic_sca_payment_missing";

    private PaymentEvents() {
    }
}
