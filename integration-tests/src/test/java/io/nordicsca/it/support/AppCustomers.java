package io.nordicsca.it.support;

import io.nordicsca.companion.DeviceClient;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
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
        realm.addUser(customer(username, password));
        return activate(realm.admin(), realm.getBaseUrl(), admin, baseUrl, username, password, pushToken);
    }

    /**
     * As {@link #add}, in a realm outside the test framework (the cluster's, whose URL is
     * {@code realmUrl}); the customer stays there.
     */
    public static Enrolled add(RealmResource realm, String realmUrl, Keycloak admin, String baseUrl, String username, String password) {
        Customers.create(realm, customer(username, password));
        return activate(realm, realmUrl, admin, baseUrl, username, password, null);
    }

    private static UserBuilder customer(String username, String password) {
        return UserBuilder.create(username).enabled(true).password(password).name("Kari", "Nordmann")
                .email(username + "@nordic-bank.example").emailVerified(true).requiredActions(ENROLL_ACTION);
    }

    private static Enrolled activate(RealmResource realm, String realmUrl, Keycloak admin, String baseUrl, String username, String password, String pushToken) {
        String userId = realm.users().search(username, true).get(0).getId();
        CodeCardDesk.Card card = new CodeCardDesk(baseUrl, realm.toRepresentation().getRealm(), admin).issueActivated(userId, 100);
        Page enroll = CodeCardStep.answerRightly(
                PasswordStep.signIn(new Browser(baseUrl), OidcClient.demo(realmUrl), username, password), card);
        if (!enroll.document().getElementById("app-enroll-qr").attr("src").startsWith("data:image/png;base64,")) {
            throw new AssertionError("the enrollment page shows no QR code");
        }
        DeviceClient phone = DeviceClient.enroll(AppStep.enrollmentPayload(enroll), "Test phone", "cli", pushToken);
        if (AppStep.enrollmentDone(enroll).redirectedAwayTo() == null) {
            throw new AssertionError("activating the app did not finish the sign-in");
        }
        return new Enrolled(userId, phone, card);
    }

    /**
     * A new phone for an enrolled customer: the bank puts the action on them again, they sign in
     * with the code card ("try another way" past the app), and this is the enrollment page.
     */
    public static Page newPhonePage(ManagedRealm realm, String baseUrl, Enrolled customer, String username, String password) {
        var user = realm.admin().users().get(customer.userId()).toRepresentation();
        user.setRequiredActions(java.util.List.of(ENROLL_ACTION));
        realm.admin().users().get(customer.userId()).update(user);
        Page appPage = PasswordStep.signIn(new Browser(baseUrl), OidcClient.demo(realm.getBaseUrl()), username, password);
        Page cardPage = AnotherWay.choose(appPage, ThemeMessages.of("en").text("code-card-display-name"));
        return CodeCardStep.answerRightly(cardPage, customer.card());
    }

    /** {@link #newPhonePage}, then the companion app enrolls the new phone under this name and the customer presses "Done". */
    public static DeviceClient addPhone(ManagedRealm realm, String baseUrl, Enrolled customer, String username, String password, String name) {
        Page enroll = newPhonePage(realm, baseUrl, customer, username, password);
        DeviceClient phone = DeviceClient.enroll(AppStep.enrollmentPayload(enroll), name, "cli", null);
        if (AppStep.enrollmentDone(enroll).redirectedAwayTo() == null) {
            throw new AssertionError("activating the new phone did not finish the sign-in");
        }
        return phone;
    }
}
