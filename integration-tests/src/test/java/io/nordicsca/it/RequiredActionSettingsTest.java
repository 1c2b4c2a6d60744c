package io.nordicsca.it;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.nordicsca.it.support.CodeCardDesk;
import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.NordicScaServerConfig;
import jakarta.ws.rs.BadRequestException;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.RequiredActionConfigRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The settings of our required actions as the admin console saves them (Authentication → Required
 * actions → the cog): a value the action would not read as typed is refused with Keycloak's own
 * validation error, which the console shows, and nothing is stored; a good one is stored.
 */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class RequiredActionSettingsTest {

    private static final String REGISTER_PHONE = "nordic-sca-register-phone";
    private static final String ENROLL_APP = "nordic-sca-enroll-app";

    @InjectRealm(config = DemoRealm.class)
    ManagedRealm realm;

    @Test
    void aNumberOutsideItsRangeIsRefusedAndTheStoredSettingsStay() {
        Map<String, Object> error = refused(REGISTER_PHONE, Map.of("digits", "12"));
        assertEquals("digits", error.get("field"), "the console names the field: " + error);
        assertEquals("error-number-out-of-range", error.get("errorMessage"));
        assertEquals(List.of("digits", 4, 10), error.get("params"), "and the range, from the same declaration the SMS step reads");
        assertEquals("6", stored(REGISTER_PHONE).get("digits"), "the demo realm's 6 is still stored");
    }

    @Test
    void malformedOrUnknownValuesAreRefused() {
        assertEquals("error-invalid-value", refused(ENROLL_APP, Map.of("activationDelayMinutes", "an hour")).get("errorMessage"));
        assertEquals("activationDelayMinutes", refused(ENROLL_APP, Map.of("activationDelayMinutes", "an hour")).get("field"));
        assertEquals("allowSeveralDevices", refused(ENROLL_APP, Map.of("allowSeveralDevices", "yes")).get("field"));
        assertEquals("sender", refused(REGISTER_PHONE, Map.of("sender", "twillio")).get("field"));
        assertEquals("allowedPrefixes", refused(REGISTER_PHONE, Map.of("allowedPrefixes", "+46,Sweden")).get("field"));
        assertEquals("0", stored(ENROLL_APP).get("activationDelayMinutes"));
        assertEquals("+46,+47,+358,+45,+354", stored(REGISTER_PHONE).get("allowedPrefixes"));
    }

    @Test
    void goodValuesAreStoredAndABlankOneMeansTheDefault() {
        Map<String, String> before = stored(ENROLL_APP);
        try {
            save(ENROLL_APP, Map.of("activationDelayMinutes", "60", "allowSeveralDevices", "true", "proofFactors", ""));
            Map<String, String> after = stored(ENROLL_APP);
            assertEquals("60", after.get("activationDelayMinutes"));
            assertEquals("true", after.get("allowSeveralDevices"));
        } finally {
            RequiredActionConfigRepresentation config = realm.admin().flows().getRequiredActionConfig(ENROLL_APP);
            config.setConfig(new HashMap<>(before));
            realm.admin().flows().updateRequiredActionConfig(ENROLL_APP, config);
        }
        assertEquals(before, stored(ENROLL_APP));
    }

    /** The error body of a refused save. */
    private Map<String, Object> refused(String action, Map<String, String> changes) {
        BadRequestException refused = assertThrows(BadRequestException.class, () -> save(action, changes), action + " " + changes);
        return CodeCardDesk.json(refused.getResponse().readEntity(String.class));
    }

    /** What the admin console does: load the action's settings, change some, save them all. */
    private void save(String action, Map<String, String> changes) {
        RequiredActionConfigRepresentation config = realm.admin().flows().getRequiredActionConfig(action);
        Map<String, String> values = new HashMap<>(config.getConfig());
        values.putAll(changes);
        config.setConfig(values);
        realm.admin().flows().updateRequiredActionConfig(action, config);
    }

    private Map<String, String> stored(String action) {
        return realm.admin().flows().getRequiredActionConfig(action).getConfig();
    }
}
