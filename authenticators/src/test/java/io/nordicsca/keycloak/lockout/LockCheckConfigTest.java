package io.nordicsca.keycloak.lockout;

import java.util.EnumSet;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticatorConfigModel;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which factors the lock check counts: the admin console's choice, never the password, all three when nothing usable is set. */
class LockCheckConfigTest {

    @Test
    void theAdminConsolesChoiceIsRead() {
        assertEquals(EnumSet.of(Factor.CODE_CARD, Factor.SMS), LockCheckConfig.from(config("code-card##sms")).factors());
    }

    @Test
    void thePasswordAndUnknownValuesAreIgnoredAndNothingUsableCountsAllThree() {
        EnumSet<Factor> all = EnumSet.of(Factor.CODE_CARD, Factor.SMS, Factor.APP);
        assertEquals(EnumSet.of(Factor.APP), LockCheckConfig.from(config("password##app##bankid")).factors());
        assertEquals(all, LockCheckConfig.from(config("password")).factors());
        assertEquals(all, LockCheckConfig.from(config("")).factors());
        assertEquals(all, LockCheckConfig.from(null).factors());
    }

    private static AuthenticatorConfigModel config(String factors) {
        AuthenticatorConfigModel model = new AuthenticatorConfigModel();
        model.setConfig(Map.of(LockCheckConfig.FACTORS.key(), factors));
        return model;
    }
}
