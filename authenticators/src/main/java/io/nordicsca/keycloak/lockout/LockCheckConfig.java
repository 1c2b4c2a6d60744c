package io.nordicsca.keycloak.lockout;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.Constants;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The lock check step's setting, declared once: which second factors count. The step stops a
 * customer when every counted factor the customer has is locked.
 */
public record LockCheckConfig(Set<Factor> factors) {

    static final String FACTORS = "factors";
    /** The second factors; the password is checked by the password step itself. */
    static final List<Factor> CHOICES = List.of(Factor.CODE_CARD, Factor.SMS, Factor.APP);

    public static final List<ProviderConfigProperty> PROPERTIES = ProviderConfigurationBuilder.create()
            .property().name(FACTORS).label("Factors that count")
            .helpText("The second factors this sign-in offers. A customer whose counted factors are all locked (only those "
                    + "the customer has: a code card, a mobile number on file, an activated app) sees the lock page at once; "
                    + "a factor the customer does not have does not count. Empty or unknown values count all three.")
            .type(ProviderConfigProperty.MULTIVALUED_LIST_TYPE)
            .options(CHOICES.stream().map(Factor::id).toList())
            .defaultValue(String.join(Constants.CFG_DELIMITER, CHOICES.stream().map(Factor::id).toList())).add()
            .build();

    public static LockCheckConfig from(AuthenticatorConfigModel model) {
        String raw = model == null || model.getConfig() == null ? null : model.getConfig().get(FACTORS);
        Set<Factor> factors = EnumSet.noneOf(Factor.class);
        if (raw != null) {
            Arrays.stream(raw.split(Constants.CFG_DELIMITER + "|,")).map(String::trim)
                    .flatMap(id -> Factor.byId(id).stream()).filter(CHOICES::contains).forEach(factors::add);
        }
        return new LockCheckConfig(factors.isEmpty() ? EnumSet.copyOf(CHOICES) : factors);
    }
}
