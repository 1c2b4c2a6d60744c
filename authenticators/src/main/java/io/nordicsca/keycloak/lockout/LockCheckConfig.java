package io.nordicsca.keycloak.lockout;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.nordicsca.keycloak.config.ConfigValues;
import io.nordicsca.keycloak.config.Setting;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * The lock check step's setting, declared once ({@link Setting}): which second factors count. The
 * step stops a customer when every counted factor the customer has is locked.
 */
public record LockCheckConfig(Set<Factor> factors) {

    /** The second factors; the password is checked by the password step itself. */
    static final List<Factor> CHOICES = List.of(Factor.CODE_CARD, Factor.SMS, Factor.APP);

    public static final Setting.Choices FACTORS = Setting.choices("factors", "Factors that count",
            "The second factors this sign-in offers. A customer whose counted factors are all locked (only those "
                    + "the customer has: a code card, a mobile number on file, an activated app) sees the lock page at once; "
                    + "a factor the customer does not have does not count. Empty or unknown values count all three.",
            ids(), ids());

    public static final List<ProviderConfigProperty> PROPERTIES = List.of(FACTORS.property());

    public static LockCheckConfig from(AuthenticatorConfigModel model) {
        Set<Factor> factors = EnumSet.noneOf(Factor.class);
        FACTORS.read(ConfigValues.of(model)).forEach(id -> Factor.byId(id).ifPresent(factors::add));
        return new LockCheckConfig(factors);
    }

    private static List<String> ids() {
        return CHOICES.stream().map(Factor::id).toList();
    }
}
