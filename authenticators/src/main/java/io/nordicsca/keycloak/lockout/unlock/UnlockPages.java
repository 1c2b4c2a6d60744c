package io.nordicsca.keycloak.lockout.unlock;

import io.nordicsca.keycloak.errors.CustomerError;
import io.nordicsca.keycloak.errors.ErrorNotice;
import io.nordicsca.keycloak.errors.SupportContact;
import jakarta.ws.rs.core.Response;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.FormMessage;

/**
 * The unlock flow's own pages ({@value #TEMPLATE}): "who are you?" and "we cannot unlock it here:
 * contact the bank" (the error catalogue's notice, with the bank's support phone and hours from the
 * realm's Nordic SCA settings); the model is {@link UnlockPage}.
 */
final class UnlockPages {

    static final String TEMPLATE = "login-nordic-sca-unlock.ftl";
    static final String USERNAME = "username";

    /** Why the customer must contact the bank (or, for CHANGED, sign in): each is an entry of the error catalogue. */
    enum Refusal {
        /** The customer is disabled. */
        DISABLED(CustomerError.UNLOCK_USER_DISABLED),
        /** The password is locked until the bank opens it. */
        PASSWORD_BANK(CustomerError.PASSWORD_LOCKED_BANK),
        /** The SMS or the code card is locked (or gone) since the customer began. */
        FACTOR_LOCKED(CustomerError.UNLOCK_FACTOR_LOCKED),
        /** This sign-in has not proven the factors the step asks for (a flow set up without them). */
        NOT_PROVEN(CustomerError.UNLOCK_FACTOR_MISSING),
        /** The password was changed meanwhile (another window finished first). */
        CHANGED(CustomerError.UNLOCK_PASSWORD_CHANGED);

        final CustomerError error;

        Refusal(CustomerError error) {
            this.error = error;
        }
    }

    private UnlockPages() {
    }

    static Response identify(LoginFormsProvider form, RealmModel realm, String typed, FormMessage error) {
        if (error != null) {
            form.addError(error);
        }
        return form.setAttribute(UnlockPage.ATTRIBUTE, UnlockPage.identify(typed, SupportContact.of(realm))).createForm(TEMPLATE);
    }

    static Response refused(LoginFormsProvider form, RealmModel realm, Refusal refusal) {
        return form.setAttribute(ErrorNotice.ATTRIBUTE, refusal.error.notice(realm))
                .setAttribute(UnlockPage.ATTRIBUTE, UnlockPage.refused(SupportContact.of(realm))).createForm(TEMPLATE);
    }
}
