package io.nordicsca.keycloak.sms;

/**
 * Event details and errors of the SMS step, as event listeners and the admin console see them.
 * A code never appears in an event, and a number only masked ("+46•••••••67").
 */
public final class SmsEvents {

    /** Detail: the masked number the SMS went to, or would have. */
    public static final String TO = "sms_to";
    /** Detail: which send limit was reached (user, number, ip). */
    public static final String LIMIT = "sms_limit";
    /** Detail: seconds until a send is allowed again. */
    public static final String RETRY_AFTER = "sms_retry_after";
    /** Detail of a failed send: first send or resend. */
    public static final String ACTION = "sms_action";

    public static final String SENT = "sent";
    public static final String RESENT = "resent";

    /** Event errors; the sender's own are in {@link SmsOutcome#eventError()}. */
    public static final String LIMIT_REACHED = "sms_limit_reached";
    public static final String COUNTRY_NOT_ALLOWED = "sms_country_not_allowed";
    public static final String NUMBER_ON_FILE_INVALID = "sms_number_on_file_invalid";
    public static final String SENDER_NOT_AVAILABLE = "sms_sender_not_available";
    public static final String CODE_EXPIRED = "sms_code_expired";
    public static final String SESSION_BLOCKED = "sms_too_many_wrong_codes";
    public static final String TOO_MANY_AT_ONCE = "sms_too_many_answers_at_once";
    /** A keypad SMS not sent: too many sends wait for the SMS provider, or its code expired waiting (detail {@code reason}). */
    public static final String SEND_BACKLOG = "sms_send_backlog";

    private SmsEvents() {
    }
}
