package io.nordicsca.companion;

/**
 * The server's reply to {@code challenges/answer}: a result ({@code approved}, {@code denied})
 * or an error ({@code error}, {@code error_description}), with the HTTP status.
 *
 * @param lastAttempt the answer counted as a wrong one, and the next wrong one blocks the app until
 *                    the bank opens it: the app warns the customer (PSD2 RTS art. 4)
 */
public record Answer(int status, String result, String error, String errorDescription, boolean lastAttempt) {

    public static final String APPROVED = "approved";
    public static final String DENIED = "denied";

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    static Answer from(ApiResponse response) {
        boolean lastAttempt = response.lastAttempt();
        if (response.ok()) {
            return new Answer(response.status(), Json.textOrNull(response.json(), "result"), null, null, lastAttempt);
        }
        DeviceApiException error = response.toException();
        return new Answer(response.status(), null, error.error(), error.description(), lastAttempt);
    }

    /** This answer, or a DeviceApiException when the server refused it. */
    Answer orThrow() {
        if (!ok()) {
            throw new DeviceApiException(status, error, errorDescription, lastAttempt);
        }
        return this;
    }
}
