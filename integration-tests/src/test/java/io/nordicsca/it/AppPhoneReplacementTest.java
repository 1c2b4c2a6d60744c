package io.nordicsca.it;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.nordicsca.companion.Activation;
import io.nordicsca.companion.ApiResponse;
import io.nordicsca.companion.Challenge;
import io.nordicsca.companion.DeviceApiException;
import io.nordicsca.companion.DeviceClient;
import io.nordicsca.it.support.AppCustomers;
import io.nordicsca.it.support.AppStep;
import io.nordicsca.it.support.Browser;
import io.nordicsca.it.support.CodeCardDesk;
import io.nordicsca.it.support.NordicScaServerConfig;
import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.OidcClient;
import io.nordicsca.it.support.Page;
import io.nordicsca.it.support.PasswordStep;
import io.nordicsca.it.support.ThemeMessages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.RequiredActionConfigRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.server.KeycloakUrls;
import org.keycloak.util.JsonSerialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A customer replaces their phone: with an activation delay the new phone can do nothing until
 * the delay has passed, the old one keeps working meanwhile and can stop the activation; a new
 * phone may carry the old one's name; a refused enrollment changes nothing.
 */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class AppPhoneReplacementTest {

    private static final String PASSWORD = "Customer-password-1";
    private static final String ENROLL_ACTION = "nordic-sca-enroll-app";
    private static final String DELAY = "activationDelayMinutes";
    private static final ThemeMessages ENGLISH = ThemeMessages.of("en");

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    @InjectRealm(config = DemoRealm.class)
    ManagedRealm realm;

    @AfterEach
    void noDelay() {
        activationDelayMinutes(0);
    }

    @Test
    void aNewPhoneInItsActivationDelayCanNeitherReadNorAnswerRequestsWhileTheOldOneKeepsWorking() {
        AppCustomers.Enrolled customer = AppCustomers.add(realm, admin, urls.getBase(), "phone-delay", PASSWORD);
        activationDelayMinutes(60);
        long before = Instant.now().getEpochSecond();
        Page enroll = AppCustomers.newPhonePage(realm, urls.getBase(), customer, "phone-delay", PASSWORD);
        assertEquals(ENGLISH.text("appEnrollDelay", 60), enroll.textOf("app-enroll-delay"), "the customer is told of the delay");
        DeviceClient newPhone = DeviceClient.enroll(AppStep.enrollmentPayload(enroll), "New phone", "cli", null);
        assertNotNull(AppStep.enrollmentDone(enroll).redirectedAwayTo());
        assertTrue(newPhone.device().activeFrom() >= before + 3600, "the enrollment answer says when the phone becomes usable");

        Page waiting = passwordStep("phone-delay");
        ApiResponse read = newPhone.signedCall("challenges/pending", Map.of());
        assertEquals(403, read.status(), "a phone in its activation delay reads no requests: " + read.body());
        assertEquals("not_active_yet", read.error());
        assertEquals(newPhone.device().activeFrom(), CodeCardDesk.json(read.body()).get("activeFrom") instanceof Number n ? n.longValue() : -1,
                "the refusal says when the phone becomes usable: " + read.body());

        Challenge request = customer.phone().pending().get(0);
        ApiResponse denied = newPhone.signedCall("challenges/answer", Map.of("challengeId", request.id(), "decision", "deny"));
        assertEquals(403, denied.status(), "nor can it deny one: " + denied.body());
        ApiResponse wrong = newPhone.signedCall("challenges/answer",
                Map.of("challengeId", request.id(), "decision", "approve", "eventId", "XXXX"));
        assertEquals(403, wrong.status(), "nor send a wrong event ID: " + wrong.body());

        assertEquals("approved", customer.phone().approve(request, AppStep.eventId(waiting)).result(), "the old phone still approves");
        assertNotNull(AppStep.continueAfterAnswer(waiting).redirectedAwayTo());
    }

    @Test
    void theOldPhoneSeesThePendingActivationAndCancelsIt() {
        AppCustomers.Enrolled customer = AppCustomers.add(realm, admin, urls.getBase(), "phone-cancel", PASSWORD);
        activationDelayMinutes(60);
        DeviceClient newPhone = AppCustomers.addPhone(realm, urls.getBase(), customer, "phone-cancel", PASSWORD, "Stranger's phone");

        List<Activation> activations = customer.phone().inbox().activations();
        assertEquals(1, activations.size(), "the old phone is told of the new one");
        Activation activation = activations.get(0);
        assertEquals(newPhone.device().deviceId(), activation.deviceId());
        assertEquals("Stranger's phone", activation.name());
        assertEquals("cli", activation.platform());
        assertEquals(newPhone.device().activeFrom(), activation.activeFrom());

        customer.phone().cancelActivation(activation.deviceId());

        ApiResponse gone = newPhone.signedCall("challenges/pending", Map.of());
        assertEquals(401, gone.status(), "the cancelled phone is removed: " + gone.body());
        assertEquals(1, realm.admin().users().get(customer.userId()).credentials().stream()
                .filter(credential -> "app-device".equals(credential.getType())).count(), "only the old phone is left");
        assertTrue(customer.phone().inbox().activations().isEmpty());
        DeviceApiException again = assertThrows(DeviceApiException.class, () -> customer.phone().cancelActivation(activation.deviceId()));
        assertEquals(404, again.status());
        List<EventRepresentation> events = realm.admin().getEvents(List.of("REMOVE_CREDENTIAL"), null, customer.userId(), null, null, null, 0, 10);
        assertTrue(events.stream().anyMatch(event -> "activation_cancelled".equals(event.getDetails().get("app_device_action"))
                && "Stranger's phone".equals(event.getDetails().get("app_device"))), "the bank sees the cancellation: " + events);

        Page waiting = passwordStep("phone-cancel");
        assertEquals("approved", customer.phone().approve(customer.phone().pending().get(0), AppStep.eventId(waiting)).result());
        assertNotNull(AppStep.continueAfterAnswer(waiting).redirectedAwayTo(), "the old phone is still the customer's phone");
    }

    @Test
    void whenTheDelayHasPassedTheNewPhoneTakesOverAndTheOldOneStops() throws Exception {
        AppCustomers.Enrolled customer = AppCustomers.add(realm, admin, urls.getBase(), "phone-switch", PASSWORD);
        activationDelayMinutes(60);
        DeviceClient newPhone = AppCustomers.addPhone(realm, urls.getBase(), customer, "phone-switch", PASSWORD, "New phone");
        assertEquals(200, customer.phone().signedCall("challenges/pending", Map.of()).status());

        delayPassed(customer.userId(), newPhone);

        Page waiting = passwordStep("phone-switch");
        ApiResponse old = customer.phone().signedCall("challenges/pending", Map.of());
        assertEquals(403, old.status(), "once the new phone is usable the old one is not: " + old.body());
        assertEquals("device_not_active", old.error());
        assertEquals("approved", newPhone.approve(newPhone.pending().get(0), AppStep.eventId(waiting)).result());
        assertNotNull(AppStep.continueAfterAnswer(waiting).redirectedAwayTo());
        assertTrue(storedDevice(customer.userId(), customer.phone()).contains("\"status\":\"DEACTIVATED\""),
                "the switch is written down the first time a phone is used after it");
        assertTrue(newPhone.inbox().activations().isEmpty());
    }

    @Test
    void reEnrollingUnderTheSameDeviceNameActivatesTheNewPhone() {
        AppCustomers.Enrolled customer = AppCustomers.add(realm, admin, urls.getBase(), "phone-same-name", PASSWORD);

        DeviceClient again = AppCustomers.addPhone(realm, urls.getBase(), customer, "phone-same-name", PASSWORD, "Test phone");

        List<String> labels = realm.admin().users().get(customer.userId()).credentials().stream()
                .filter(credential -> "app-device".equals(credential.getType())).map(CredentialRepresentation::getUserLabel).sorted().toList();
        assertEquals(List.of("Test phone", "Test phone (2)"), labels, "the new phone's label gets a number");
        assertEquals(403, customer.phone().signedCall("challenges/pending", Map.of()).status(), "the old phone was replaced");
        Page waiting = passwordStep("phone-same-name");
        assertEquals("approved", again.approve(again.pending().get(0), AppStep.eventId(waiting)).result());
        assertNotNull(AppStep.continueAfterAnswer(waiting).redirectedAwayTo());
    }

    @Test
    void aRefusedEnrollmentChangesNothingAndLeavesTheTokenUsable() {
        AppCustomers.Enrolled customer = AppCustomers.add(realm, admin, urls.getBase(), "phone-refused", PASSWORD);
        Page enroll = AppCustomers.newPhonePage(realm, urls.getBase(), customer, "phone-refused", PASSWORD);
        assertNull(enroll.document().getElementById("app-enroll-delay"), "no delay, no notice");
        String payload = AppStep.enrollmentPayload(enroll);

        DeviceApiException refused = assertThrows(DeviceApiException.class, () -> DeviceClient.enroll(payload, "New phone", "cli", " "));
        assertEquals(400, refused.status());
        assertEquals(200, customer.phone().signedCall("challenges/pending", Map.of()).status(), "the old phone is untouched");

        DeviceClient newPhone = DeviceClient.enroll(payload, "New phone", "cli", null);
        assertNotNull(AppStep.enrollmentDone(enroll).redirectedAwayTo(), "the same code still activates the phone");
        assertEquals(200, newPhone.signedCall("challenges/pending", Map.of()).status());
    }

    @Test
    void aPhoneNameWithAControlCharacterIsRefusedAsBadInputAndTheSameCodeStillActivatesThePhone() {
        AppCustomers.Enrolled customer = AppCustomers.add(realm, admin, urls.getBase(), "phone-control-name", PASSWORD);
        Page enroll = AppCustomers.newPhonePage(realm, urls.getBase(), customer, "phone-control-name", PASSWORD);
        String payload = AppStep.enrollmentPayload(enroll);

        // A NUL is valid JSON text but no database text (PostgreSQL refuses it): a clear 400, never a 500.
        for (String name : List.of("New\u0000phone", "New\nphone", "New\u202Ephone")) {
            DeviceApiException refused = assertThrows(DeviceApiException.class, () -> DeviceClient.enroll(payload, name, "cli", null));
            assertEquals(400, refused.status(), "refused as bad input: " + refused.getMessage());
            assertEquals("invalid_request", refused.error(), refused.getMessage());
            assertTrue(refused.description().startsWith("name "), "the answer names the field to fix: " + refused.getMessage());
        }
        assertEquals(1, realm.admin().users().get(customer.userId()).credentials().stream()
                .filter(credential -> "app-device".equals(credential.getType())).count(), "no phone was stored");

        DeviceClient newPhone = DeviceClient.enroll(payload, "New phone", "cli", null);
        assertNotNull(AppStep.enrollmentDone(enroll).redirectedAwayTo(), "the same code still activates the phone");
        assertEquals(200, newPhone.signedCall("challenges/pending", Map.of()).status());
    }

    /** The bank's setting on the enrollment action. */
    private void activationDelayMinutes(int minutes) {
        RequiredActionConfigRepresentation config = realm.admin().flows().getRequiredActionConfig(ENROLL_ACTION);
        config.getConfig().put(DELAY, String.valueOf(minutes));
        realm.admin().flows().updateRequiredActionConfig(ENROLL_ACTION, config);
    }

    /** Instead of waiting an hour: the new phone's stored activation time moves into the past, as if the delay had run out. */
    @SuppressWarnings("unchecked")
    private void delayPassed(String userId, DeviceClient phone) throws Exception {
        Map<String, Object> data = JsonSerialization.readValue(storedDevice(userId, phone), Map.class);
        data.put("activeFrom", Instant.now().minusSeconds(1).toEpochMilli());
        var response = desk().callPath("PUT", storedPath(userId) + "/credentials/" + credentialId(phone) + "/credential-data",
                JsonSerialization.writeValueAsString(data));
        assertEquals(204, response.statusCode(), response.body());
    }

    /** The phone's credential data as stored. */
    @SuppressWarnings("unchecked")
    private String storedDevice(String userId, DeviceClient phone) throws Exception {
        var response = desk().callPath("GET", storedPath(userId));
        assertEquals(200, response.statusCode(), response.body());
        List<Map<String, String>> rows = JsonSerialization.readValue(response.body(), List.class);
        return rows.stream().filter(row -> credentialId(phone).equals(row.get("id"))).findFirst()
                .orElseThrow(() -> new AssertionError("no stored credential for " + phone.device().deviceId())).get("credentialData");
    }

    private String storedPath(String userId) {
        return "/admin/realms/" + realm.getName() + "/test-stored-credentials/users/" + userId;
    }

    /** The device id is "{user id}.{credential id}". */
    private static String credentialId(DeviceClient phone) {
        return phone.device().deviceId().substring(phone.device().deviceId().indexOf('.') + 1);
    }

    private CodeCardDesk desk() {
        return new CodeCardDesk(urls.getBase(), realm.getName(), admin);
    }

    private Page passwordStep(String username) {
        return PasswordStep.signIn(new Browser(urls.getBase()), OidcClient.demo(realm.getBaseUrl()), username, PASSWORD);
    }
}
