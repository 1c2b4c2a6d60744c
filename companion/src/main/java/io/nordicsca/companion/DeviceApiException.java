package io.nordicsca.companion;

/**
 * The device API refused a call: a 4xx (or any non-2xx) with {@code {"error", "error_description"}}.
 * Unchecked, so that tests and the command line can let it travel to where it is reported.
 */
public final class DeviceApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;
    private final String description;
    private final boolean lastAttempt;

    public DeviceApiException(int status, String error, String description) {
        this(status, error, description, false);
    }

    public DeviceApiException(int status, String error, String description, boolean lastAttempt) {
        super(error + (description == null ? "" : ": " + description) + " (HTTP " + status + ")");
        this.status = status;
        this.error = error;
        this.description = description;
        this.lastAttempt = lastAttempt;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    /** The server's {@code error_description}, or null. */
    public String description() {
        return description;
    }

    /** A refused approval that still counted as a wrong answer (a wrong event ID), after which the next wrong one blocks the app. */
    public boolean lastAttempt() {
        return lastAttempt;
    }
}
