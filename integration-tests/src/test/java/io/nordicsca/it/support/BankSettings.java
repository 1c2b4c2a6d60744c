package io.nordicsca.it.support;

import java.util.Map;

import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.representations.idm.ComponentRepresentation;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The realm's Nordic SCA settings (Realm settings → Nordic SCA in the admin console) as the bank
 * saves them: a component of Keycloak's admin UI tab type, one per realm.
 */
public final class BankSettings {

    public static final String TAB_PROVIDER = "org.keycloak.services.ui.extend.UiTabProvider";
    public static final String PROVIDER_ID = "nordic-sca-settings";

    private BankSettings() {
    }

    /** The settings as the admin console sends them on save. */
    public static ComponentRepresentation component(String realmId, Map<String, String> values) {
        ComponentRepresentation component = new ComponentRepresentation();
        component.setName(PROVIDER_ID);
        component.setProviderId(PROVIDER_ID);
        component.setProviderType(TAB_PROVIDER);
        component.setParentId(realmId);
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        values.forEach(config::putSingle);
        component.setConfig(config);
        return component;
    }

    /** Saves these settings in place of any saved before; the saved component's id. */
    public static String save(RealmResource realm, String realmId, Map<String, String> values) {
        realm.components().query(realmId, TAB_PROVIDER).stream()
                .filter(component -> PROVIDER_ID.equals(component.getProviderId()))
                .forEach(component -> realm.components().component(component.getId()).remove());
        try (Response saved = realm.components().add(component(realmId, values))) {
            assertEquals(201, saved.getStatus(), saved.readEntity(String.class));
            return saved.getLocation().getPath().replaceAll(".*/", "");
        }
    }
}
