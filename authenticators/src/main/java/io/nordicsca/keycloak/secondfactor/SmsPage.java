package io.nordicsca.keycloak.secondfactor;

import io.nordicsca.keycloak.errors.CustomerError;
import io.nordicsca.keycloak.errors.ErrorNotice;
import jakarta.ws.rs.core.Response;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.utils.FormMessage;

/**
 * The SMS page's model ({@value #TEMPLATE}, attribute {@value #ATTRIBUTE}), shown by the SMS step,
 * the register-phone action and the unlock flow's decoy (which must render exactly the SMS step's
 * page, and lockout imports no capability package: hence here, beside {@link PhoneNumbers}).
 * The template switches on {@link #state()}; fields a state does not show are 0, empty or false.
 *
 * @param state        which page
 * @param to           CODE: the number the code went to, masked ({@link PhoneNumbers#mask}); PROBLEM: the number
 *                     the problem is about, masked, or empty
 * @param digits       CODE: digits in a code
 * @param resendIn     CODE: seconds until "Send a new code" may send (0: now)
 * @param validMinutes CODE: how long a code can be used, in whole minutes (at least 1)
 * @param typed        NUMBER: what the customer typed, shown again after an error
 * @param retry        PROBLEM: offer "Try again"
 * @param waitMinutes  PROBLEM: whole minutes until a new code may be asked for (a send limit), or 0
 * @param registering  the register-phone action's page: its title, and "Change number" on the code page
 * @param payment      CODE: the payment the code approves, or null for a sign-in code
 */
public record SmsPage(State state, String to, int digits, long resendIn, int validMinutes, String typed,
                      boolean retry, long waitMinutes, boolean registering, PaymentDetails payment) {

    /**
     * A payment as the page shows it (kept as text here: lockout shows this page too and knows no payments).
     *
     * @param amount    localized, with the currency code ("1 250,00 EUR")
     * @param reference "" when none
     */
    public record PaymentDetails(String amount, String payeeName, String payeeAccount, String reference) {
    }

    public static final String TEMPLATE = "login-sms-otp.ftl";
    /** The form attribute the template reads. */
    public static final String ATTRIBUTE = "sms";

    public enum State {
        /** A code was sent: ask for it; "Send a new code" after {@code resendIn} seconds. */
        CODE,
        /** (Register action) ask for a mobile number. */
        NUMBER,
        /** No code can be asked for now: the catalogue's notice ({@link ErrorNotice}) says why and what to do. */
        PROBLEM,
        /** (Register action) this sign-in has not passed another strong factor: the notice says so. */
        NOT_ALLOWED
    }

    public SmsPage {
        to = to == null ? "" : to;
        typed = typed == null ? "" : typed;
    }

    /** The code page; {@code validSeconds} is shown in whole minutes, never "0 minutes". */
    public static SmsPage code(String maskedTo, int digits, long resendIn, int validSeconds, boolean registering) {
        return code(maskedTo, digits, resendIn, validSeconds, registering, null);
    }

    /** The code page for a code that approves {@code payment} (null: none). */
    public static SmsPage code(String maskedTo, int digits, long resendIn, int validSeconds, boolean registering, PaymentDetails payment) {
        return new SmsPage(State.CODE, maskedTo, digits, Math.max(0, resendIn), Math.max(1, validSeconds / 60), "", false, 0,
                registering, payment);
    }

    public static SmsPage number(String typed) {
        return new SmsPage(State.NUMBER, "", 0, 0, 0, typed, false, 0, true, null);
    }

    /**
     * Why no code can be asked for now, as its notice says; {@code maskedNumber}: the number it is about (or null),
     * {@code waitMinutes}: until a new code may be asked for (0: no wait to tell).
     */
    public static SmsPage problem(boolean retry, String maskedNumber, long waitMinutes) {
        return new SmsPage(State.PROBLEM, maskedNumber, 0, 0, 0, "", retry, Math.max(0, waitMinutes), false, null);
    }

    public static SmsPage notAllowed() {
        return new SmsPage(State.NOT_ALLOWED, "", 0, 0, 0, "", false, 0, false, null);
    }

    /**
     * This page on {@code form}; a message without a field is an info line ("code sent again"), one with a field that
     * field's error, with the catalogue's code under it when it reports a failure ({@link #fieldError}).
     */
    public Response render(LoginFormsProvider form, FormMessage message) {
        form.setAttribute(ATTRIBUTE, this);
        CustomerError error = message == null ? null : fieldError(message.getMessage());
        if (message != null && message.getField() == null) {
            form.setInfo(message.getMessage(), message.getParameters());
        } else if (message != null && error != null) {
            ErrorNotice.fieldError(form, error, message);
        } else if (message != null) {
            form.addError(message);
        }
        return form.createForm(TEMPLATE);
    }

    /** This page (PROBLEM or NOT_ALLOWED) with the catalogue's notice of {@code error}: code, problem, what to do, the bank's number. */
    public Response render(LoginFormsProvider form, ErrorNotice notice) {
        return render(form.setAttribute(ErrorNotice.ATTRIBUTE, notice), (FormMessage) null);
    }

    /**
     * The catalogue's entry for a field message of this page, or null for a hint (the form of the input, wait before
     * asking again). Keyed by the message, so every page that shows it shows the same code: the SMS step, the register
     * action, and the unlock flow's decoy, whose page must not differ from the step's.
     */
    static CustomerError fieldError(String messageKey) {
        return switch (messageKey) {
            case "smsCodeInvalid" -> CustomerError.SMS_WRONG_CODE;
            case "smsCodeExpired" -> CustomerError.SMS_CODE_EXPIRED;
            case "smsCodeUsedUp" -> CustomerError.SMS_CODE_USED_UP;
            case "smsPhoneCountryNotAllowed" -> CustomerError.PHONE_REGISTRATION_COUNTRY_NOT_ALLOWED;
            default -> null;
        };
    }
}
