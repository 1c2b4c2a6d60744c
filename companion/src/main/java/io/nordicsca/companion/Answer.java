package io.nordicsca.companion;

/**
 * The server's reply to {@code challenges/answer}: a result ({@code approved}, {@code denied})
 * or an error ({@code error}, {@code error_description}), with the HTTP status.
 */
public record Answer(int status, String result, String error, String errorDescription) {

    public static final String APPROVED = "approved";
    public static final String DENIED = "denied";

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    static Answer from(ApiResponse response) {
        if (response.ok()) {
            return new Answer(response.status(), Json.textOrNull(response.json(), "result"), null, null);
        }
        DeviceApiException error = response.toException();
        return new Answer(response.status(), null, error.error(), error.description());
    }

    /** This answer, or a DeviceApiException when the server refused it. */
    Answer orThrow() {
        if (!ok()) {
            throw new DeviceApiException(status, error, errorDescription);
        }
        return this;
    }
}
