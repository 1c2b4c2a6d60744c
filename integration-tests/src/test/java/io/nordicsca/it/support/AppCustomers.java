package io.nordicsca.it.support;

import io.nordicsca.companion.DeviceClient;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.UserBuilder;

/**
 * Customers who activated the bank's app: a code card from the bank, a first sign-in with it, and
 * the app activated with the reference companion app, which then plays their phone.
 */
public final class AppCustomers {

    public static final String ENROLL_ACTION = "nordic-sca-enroll-app";

    /** The phone, and the code card that vouched for it. */
    public record Enrolled(String userId, DeviceClient phone, CodeCardDesk.Card card) {
    }

    private AppCustomers() {
    }

    public static Enrolled add(ManagedRealm realm, Keycloak admin, String baseUrl, String username, String password) {
        return add(realm, admin, baseUrl, username, password, null);
    }

    /** As {@link #add}, the phone registering this push token. */
    public static Enrolled add(ManagedRealm realm, Keycloak admin, String baseUrl, String username, String password, String pushToken) {
        realm.addUser(UserBuilder.create(username).enabled(true).password(password).name("Kari", "Nordmann")
                .email(username + "@nordic-bank.example").emailVerified(true).requiredActions(ENROLL_ACTION));
        String userId = realm.admin().users().search(username, true).get(0).getId();
        CodeCardDesk.Card card = new CodeCardDesk(baseUrl, realm.getName(), admin).issueActivated(userId, 100);
        Page enroll = CodeCardStep.answerRightly(
                PasswordStep.signIn(new Browser(baseUrl), OidcClient.demo(realm.getBaseUrl()), username, password), card);
        if (!enroll.document().getElementById("app-enroll-qr").attr("src").startsWith("data:image/png;base64,")) {
            throw new AssertionError("the enrollment page shows no QR code");
        }
        DeviceClient phone = DeviceClient.enroll(AppStep.enrollmentPayload(enroll), "Test phone", "cli", pushToken);
        if (AppStep.enrollmentDone(enroll).redirectedAwayTo() == null) {
            throw new AssertionError("activating the app did not finish the sign-in");
        }
        return new Enrolled(userId, phone, card);
    }
}
