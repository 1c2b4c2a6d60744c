package io.nordicsca.it.bench.load;

/** A login that did not end in tokens, and the short label the report groups failures by. */
final class LoginFailure extends RuntimeException {

    LoginFailure(String message) {
        super(message);
    }

    /** The first line of the failure, without query strings or session ids, at most 120 characters. */
    static String kind(Throwable e) {
        String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        String label = (e instanceof LoginFailure ? "" : e.getClass().getSimpleName() + ": ")
                + message.replaceAll("\\?\\S*", "?…").replaceAll("[0-9a-f]{8}-[0-9a-f-]{27,}", "…");
        return label.length() > 120 ? label.substring(0, 120) + "…" : label;
    }
}
