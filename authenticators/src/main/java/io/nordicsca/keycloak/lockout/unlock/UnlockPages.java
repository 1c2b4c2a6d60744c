package io.nordicsca.keycloak.lockout.unlock;

import java.util.HashMap;
import java.util.Map;

import io.nordicsca.keycloak.config.ConfigValues;
import io.nordicsca.keycloak.config.RealmSettings;
import jakarta.ws.rs.core.Response;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.FormMessage;

/**
 * The unlock flow's own pages ({@value #TEMPLATE}): "who are you?" and "we cannot unlock it here:
 * contact the bank", with the bank's support phone and hours from the realm's Nordic SCA settings.
 */
final class UnlockPages {

    static final String TEMPLATE = "login-nordic-sca-unlock.ftl";
    static final String USERNAME = "username";

    /** Why the customer must contact the bank; each has its message key {@code nordicScaUnlockRefused.<key>} in all six languages. */
    enum Refusal {
        /** The customer is disabled. */
        DISABLED("disabled"),
        /** The password is locked until the bank opens it. */
        PASSWORD_BANK("passwordBank"),
        /** The SMS or the code card is locked (or gone) since the customer began. */
        FACTOR_LOCKED("factorLocked"),
        /** This sign-in has not proven the factors the step asks for (a flow set up without them). */
        NOT_PROVEN("notProven"),
        /** The password was changed meanwhile (another window finished first). */
        CHANGED("changed");

        final String key;

        Refusal(String key) {
            this.key = key;
        }

        String messageKey() {
            return "nordicScaUnlockRefused." + key;
        }
    }

    private UnlockPages() {
    }

    static Response identify(LoginFormsProvider form, RealmModel realm, String typed, FormMessage error) {
        if (error != null) {
            form.addError(error);
        }
        return form.setAttribute("nordicScaUnlock", model(realm, "identify", typed, null)).createForm(TEMPLATE);
    }

    static Response refused(LoginFormsProvider form, RealmModel realm, Refusal refusal) {
        return form.setAttribute("nordicScaUnlock", model(realm, "refused", null, refusal.messageKey())).createForm(TEMPLATE);
    }

    private static Map<String, Object> model(RealmModel realm, String state, String typed, String refusal) {
        // The support line: the realm-wide settings' keys (Realm settings, Nordic SCA tab).
        ConfigValues settings = RealmSettings.of(realm);
        Map<String, Object> model = new HashMap<>();
        model.put("state", state);
        model.put("typed", typed == null ? "" : typed);
        model.put("supportPhone", settings.text("support.phone", "+358 9 123 4567"));
        model.put("supportHours", settings.text("support.hours", ""));
        if (refusal != null) {
            model.put("refusal", refusal);
        }
        return model;
    }
}
