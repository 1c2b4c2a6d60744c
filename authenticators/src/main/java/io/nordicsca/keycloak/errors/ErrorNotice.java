package io.nordicsca.keycloak.errors;

import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.utils.FormMessage;

/**
 * What an error page shows, typed: the page model of the {@code errorNotice} macro in
 * {@code nordic-sca-fields.ftl}. Put it on a form with {@link #ATTRIBUTE}; the macro reads the
 * accessors ({@code notice.code()}), so the template never spells a message key itself.
 *
 * @param code        the stable code, e.g. {@code NSCA-2003}
 * @param level       PatternFly's alert modifier: {@code danger} for errors, {@code warning} for notices
 * @param titleKey    message key of the title
 * @param problemKey  message key of what happened
 * @param solutionKey message key of what to do
 * @param phone       the bank's customer service number, empty when this error does not send the
 *                    customer to the bank or the realm has none (then the page says "contact your bank")
 * @param hours       the opening hours, empty when there is no phone
 * @param restartUrl  a one-click restart of the sign-in, or null
 */
public record ErrorNotice(String code, String level, String titleKey, String problemKey, String solutionKey,
                          String phone, String hours, String restartUrl) {

    /** The form attribute the templates read. */
    public static final String ATTRIBUTE = "errorNotice";
    /**
     * The form attribute with the code of a field's error ({@link #fieldError}): the {@code helper} macro of
     * {@code nordic-sca-fields.ftl} shows it under the field's message.
     */
    public static final String FIELD_CODE_ATTRIBUTE = "errorFieldCode";

    /**
     * A failure reported beside the field the customer answers in (a wrong or used-up code): the field's own
     * message stays, as it says more than the catalogue's text (tries left, what to type), and the error code
     * shows under it. The customer can go on alone, so no phone.
     */
    public static LoginFormsProvider fieldError(LoginFormsProvider form, CustomerError error, FormMessage message) {
        return form.setAttribute(FIELD_CODE_ATTRIBUTE, error.code()).addError(message);
    }

    public ErrorNotice {
        phone = phone == null ? "" : phone;
        hours = hours == null || phone.isEmpty() ? "" : hours;
    }

    public ErrorNotice withRestart(String url) {
        return new ErrorNotice(code, level, titleKey, problemKey, solutionKey, phone, hours, url);
    }
}
