package io.nordicsca.companion;

/**
 * The app refused to approve: the server's transaction hash is not the hash of the payment the app
 * shows, so nothing was sent (see {@link Payment#checkedHash()}).
 */
public final class PaymentMismatchException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PaymentMismatchException(String message) {
        super(message);
    }
}
