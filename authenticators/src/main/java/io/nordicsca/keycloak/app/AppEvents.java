package io.nordicsca.keycloak.app;

/** Event details and errors of app approval. Never a key or a signature; a device by its name. */
public final class AppEvents {

    public static final String DEVICE = "app_device";
    public static final String CHALLENGE = "app_challenge";
    public static final String RETRY_AFTER = "app_retry_after";
    public static final String ACTION = "app_device_action";
    public static final String REASON = "app_reason";
    /** Epoch seconds from which a newly enrolled device is usable. */
    public static final String ACTIVE_FROM = "app_active_from";
    /** The device that cancelled another's activation. */
    public static final String CANCELLED_BY = "app_cancelled_by";

    public static final String ENROLLED = "enrolled";
    public static final String KEY_ROTATED = "key_rotated";
    public static final String ACTIVATION_CANCELLED = "activation_cancelled";

    public static final String CANCELLED = "app_request_cancelled";
    public static final String EXPIRED = "app_request_expired";
    /** An unanswered request replaced by "try again" or a newer sign-in; counts towards lockout like an expired one. */
    public static final String SUPERSEDED = "app_request_superseded";
    public static final String DENIED = "app_request_denied";
    public static final String NOT_ME = "app_request_not_me";
    public static final String WRONG_EVENT_ID = "app_wrong_event_id";
    /** An approval signed over another payment than the sign-in's (dynamic linking); counts like a wrong event ID. */
    public static final String WRONG_PAYMENT = "app_wrong_payment";
    public static final String NO_USABLE_DEVICE = "app_no_usable_device";
    public static final String LIMIT_REACHED = "app_push_limit_reached";
    public static final String PUSH_FAILED = "app_push_failed";
    public static final String BAD_REQUEST = "app_bad_device_request";

    private AppEvents() {
    }
}
