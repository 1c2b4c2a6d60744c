package io.nordicsca.it.support;

import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.UserBuilder;

/**
 * Bank customers for tests: a complete profile (Keycloak asks users without first name, last name
 * and e-mail to fill them in before signing in), removed with the test's realm.
 */
public final class Customers {

    private Customers() {
    }

    /** Adds a customer with this password and returns the user id. */
    public static String add(ManagedRealm realm, String username, String password) {
        return add(realm, customer(username, password));
    }

    /** Adds a customer who also has Keycloak's authenticator app (TOTP) with this secret. */
    public static String addWithAuthenticatorApp(ManagedRealm realm, String username, String password, String totpSecret) {
        return add(realm, customer(username, password).totpSecret(totpSecret));
    }

    /** A customer whose last name is given, e.g. to check how names reach a page. */
    public static String addNamed(ManagedRealm realm, String username, String password, String lastName) {
        return add(realm, customer(username, password).lastName(lastName));
    }

    /** Adds a customer whose bank has this mobile number on file (user attribute phoneNumber). */
    public static String addWithPhone(ManagedRealm realm, String username, String password, String phoneNumber) {
        return add(realm, customer(username, password).attribute("phoneNumber", phoneNumber));
    }

    /** As {@link #add(ManagedRealm, String, String)}, in a realm outside the test framework (the cluster's); stays there. */
    public static String add(RealmResource realm, String username, String password) {
        return create(realm, customer(username, password));
    }

    /** As {@link #addWithPhone(ManagedRealm, String, String, String)}, in a realm outside the test framework. */
    public static String addWithPhone(RealmResource realm, String username, String password, String phoneNumber) {
        return create(realm, customer(username, password).attribute("phoneNumber", phoneNumber));
    }

    static String create(RealmResource realm, UserBuilder user) {
        try (Response response = realm.users().create(user.build())) {
            if (response.getStatus() != 201) {
                throw new AssertionError("creating " + user.build().getUsername() + " answered " + response.getStatus());
            }
        }
        return realm.users().search(user.build().getUsername(), true).get(0).getId();
    }

    private static UserBuilder customer(String username, String password) {
        return UserBuilder.create(username).enabled(true).password(password)
                .name("Kari", "Nordmann").email(username + "@nordic-bank.example").emailVerified(true);
    }

    private static String add(ManagedRealm realm, UserBuilder user) {
        String username = user.build().getUsername();
        realm.addUser(user);
        return realm.admin().users().search(username, true).get(0).getId();
    }
}
