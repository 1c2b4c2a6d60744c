package io.nordicsca.it;

import java.util.List;
import java.util.Map;

import io.nordicsca.it.support.BankSettings;
import io.nordicsca.it.support.CodeCardDesk;
import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.NordicScaServerConfig;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.ComponentTypeRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The realm's Nordic SCA settings as the admin console sees and saves them: a tab under Realm settings, bad values refused. */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class RealmSettingsTabTest {

    private static final String TAB_PROVIDER = BankSettings.TAB_PROVIDER;

    @InjectAdminClient
    Keycloak admin;

    @InjectRealm(config = DemoRealm.class)
    ManagedRealm realm;

    @Test
    void theAdminConsoleFindsTheTabUnderRealmSettingsWithEverySetting() {
        List<ComponentTypeRepresentation> tabs = admin.serverInfo().getInfo().getComponentTypes().get(TAB_PROVIDER);
        ComponentTypeRepresentation tab = tabs.stream().filter(type -> type.getId().equals("nordic-sca-settings")).findFirst()
                .orElseThrow(() -> new AssertionError("no tab: " + tabs));
        assertEquals("/:realm/realm-settings/:tab", tab.getMetadata().get("path"));
        assertEquals(Map.of("tab", "nordic-sca"), tab.getMetadata().get("params"));
        assertEquals(List.of("lockoutPassword", "lockoutCodeCard", "lockoutSms", "lockoutApp", "lockoutHideFactor",
                "supportPhone", "supportHours", "callCentreLookupAttribute"), tab.getProperties().stream().map(property -> property.getName()).toList());
    }

    @Test
    void savingAScheduleWhoseFirstLockComesAfterSixFailuresIsRefusedWithAClearMessage() {
        Response refused = realm.admin().components().add(settings(Map.of("lockoutCodeCard", "6:15m,8:bank")));
        assertEquals(400, refused.getStatus());
        String message = String.valueOf(CodeCardDesk.json(refused.readEntity(String.class)).get("errorMessage"));
        assertTrue(message.startsWith("The Nordic SCA settings cannot be saved: code-card: "), message);
        assertTrue(message.contains("PSD2 RTS art. 4"), "the admin learns why: " + message);

        Response malformed = realm.admin().components().add(settings(Map.of("lockoutPassword", "5:15m,8:forever")));
        assertEquals(400, malformed.getStatus());
        assertTrue(malformed.readEntity(String.class).contains("password: '8:forever' is not a step"));

        Response phone = realm.admin().components().add(settings(Map.of("supportPhone", "call us", "lockoutHideFactor", "sometimes")));
        assertEquals(400, phone.getStatus());
        assertEquals("The Nordic SCA settings cannot be saved: lockoutHideFactor: true or false. "
                        + "supportPhone: up to 32 characters: digits, spaces, a leading +, dashes and brackets.",
                CodeCardDesk.json(phone.readEntity(String.class)).get("errorMessage"), "each setting's own check, every problem at once");
        assertTrue(realm.admin().components().query(realm.getId(), TAB_PROVIDER).isEmpty(), "nothing was saved");

        Response lookup = realm.admin().components().add(settings(Map.of("callCentreLookupAttribute", "email")));
        assertEquals(400, lookup.getStatus());
        String lookupMessage = String.valueOf(CodeCardDesk.json(lookup.readEntity(String.class)).get("errorMessage"));
        assertTrue(lookupMessage.contains("username, email, firstName and lastName are not allowed"),
                "the call centre may not look customers up by e-mail address: " + lookupMessage);
        assertTrue(realm.admin().components().query(realm.getId(), TAB_PROVIDER).isEmpty(), "nothing was saved");
    }

    @Test
    void aValidSaveIsStoredOncePerRealmAsTheAdminConsoleSavesIt() {
        // The console sends the form's values plus its route parameters (realm, tab).
        Response saved = realm.admin().components().add(settings(Map.of("lockoutCodeCard", "3:1m,5:bank", "lockoutPassword", "3:1m,5:15m,10:self-service",
                "lockoutHideFactor", "true", "supportPhone", "+46 8 123 456 78", "realm", realm.getName(), "tab", "nordic-sca")));
        assertEquals(201, saved.getStatus(), saved.readEntity(String.class));
        String id = saved.getLocation().getPath().replaceAll(".*/", "");
        try {
            // The console loads the tab from this answer, which holds only the declared setting names.
            MultivaluedHashMap<String, String> loaded = realm.admin().components().component(id).toRepresentation().getConfig();
            assertEquals("+46 8 123 456 78", loaded.getFirst("supportPhone"));
            assertEquals("3:1m,5:bank", loaded.getFirst("lockoutCodeCard"));
            Response second = realm.admin().components().add(settings(Map.of("supportPhone", "+45 33 12 34 56")));
            assertEquals(400, second.getStatus(), "one settings component per realm: the console edits the one it finds");
        } finally {
            realm.admin().components().component(id).remove();
        }
    }

    private ComponentRepresentation settings(Map<String, String> values) {
        return BankSettings.component(realm.getId(), values);
    }
}
