package io.nordicsca.it;

import java.util.List;
import java.util.Map;

import io.nordicsca.it.support.Browser;
import io.nordicsca.it.support.CodeCardDesk;
import io.nordicsca.it.support.CodeCardStep;
import io.nordicsca.it.support.Customers;
import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.NordicScaServerConfig;
import io.nordicsca.it.support.OidcClient;
import io.nordicsca.it.support.Page;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.server.KeycloakUrls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Signing in through an identity provider for the first time (a partner bank's Keycloak realm on
 * the same server, over real OIDC): the demo realm's first broker login flow creates nobody and
 * links an existing customer only after the customer's own second factor. With Keycloak's default
 * flow, anyone with an account at the partner would have been created and signed in.
 */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class FirstBrokerLoginTest {

    private static final String PARTNER_REALM = "partner-bank";
    private static final String IDP_ALIAS = "partner";
    private static final String BROKER_CLIENT = "nordic-bank-broker";
    private static final String BROKER_SECRET = "nordic-bank-broker-secret-0123456789";
    private static final String PASSWORD = "Partner-password-1";

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    @InjectRealm(config = DemoRealm.class)
    ManagedRealm realm;

    @BeforeEach
    void partnerBankIsAnIdentityProviderOfTheDemoRealm() {
        RealmRepresentation partner = new RealmRepresentation();
        partner.setRealm(PARTNER_REALM);
        partner.setEnabled(true);
        admin.realms().create(partner);
        ClientRepresentation broker = new ClientRepresentation();
        broker.setClientId(BROKER_CLIENT);
        broker.setPublicClient(false);
        broker.setSecret(BROKER_SECRET);
        broker.setRedirectUris(List.of(realm.getBaseUrl() + "/broker/" + IDP_ALIAS + "/endpoint"));
        try (Response created = admin.realm(PARTNER_REALM).clients().create(broker)) {
            assertEquals(201, created.getStatus());
        }
        String partnerUrl = urls.getBase() + "/realms/" + PARTNER_REALM;
        IdentityProviderRepresentation idp = new IdentityProviderRepresentation();
        idp.setAlias(IDP_ALIAS);
        idp.setProviderId("oidc");
        idp.setEnabled(true);
        idp.setTrustEmail(true);
        idp.setConfig(Map.ofEntries(
                Map.entry("clientId", BROKER_CLIENT),
                Map.entry("clientSecret", BROKER_SECRET),
                Map.entry("clientAuthMethod", "client_secret_post"),
                Map.entry("authorizationUrl", partnerUrl + "/protocol/openid-connect/auth"),
                Map.entry("tokenUrl", partnerUrl + "/protocol/openid-connect/token"),
                Map.entry("userInfoUrl", partnerUrl + "/protocol/openid-connect/userinfo"),
                Map.entry("jwksUrl", partnerUrl + "/protocol/openid-connect/certs"),
                Map.entry("useJwksUrl", "true"),
                Map.entry("validateSignature", "true"),
                Map.entry("issuer", partnerUrl),
                Map.entry("defaultScope", "openid email profile"),
                Map.entry("syncMode", "IMPORT")));
        try (Response created = realm.admin().identityProviders().create(idp)) {
            assertEquals(201, created.getStatus());
        }
    }

    @AfterEach
    void removePartner() {
        realm.admin().identityProviders().get(IDP_ALIAS).remove();
        admin.realm(PARTNER_REALM).remove();
    }

    @Test
    void someoneWhoIsNotACustomerIsNeitherCreatedNorSignedIn() {
        partnerUser("stranger");
        Page page = signInAtPartner("stranger");

        assertNull(page.redirectedAwayTo(), "no authorization code: " + page.body());
        assertTrue(realm.admin().users().search("stranger", true).isEmpty(), "no customer was created");
    }

    @Test
    void anExistingCustomerIsLinkedOnlyAfterTheirOwnSecondFactor() {
        String id = Customers.add(realm, "partner-customer", "Nordic-password-1");
        CodeCardDesk.Card card = new CodeCardDesk(urls.getBase(), realm.getName(), admin).issueActivated(id, 100);
        partnerUser("partner-customer");

        Page codeCard = signInAtPartner("partner-customer");
        assertTrue(CodeCardStep.askedPosition(codeCard) > 0, "the partner's sign-in leads to the code card page: " + codeCard.body());
        assertNull(codeCard.redirectedAwayTo(), "no authorization code before the second factor");
        assertTrue(realm.admin().users().get(id).getFederatedIdentity().isEmpty(), "not linked before the second factor");

        Page signedIn = CodeCardStep.answerRightly(codeCard, card);
        assertNotNull(signedIn.redirectedAwayTo(), "signed in after the code card: " + signedIn.body());
        assertEquals(1, realm.admin().users().get(id).getFederatedIdentity().size(), "linked after the second factor");
    }

    /** The partner bank's customer with the same username and e-mail as (possibly) ours. */
    private void partnerUser(String username) {
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setEnabled(true);
        user.setFirstName("Kari");
        user.setLastName("Nordmann");
        user.setEmail(username + "@nordic-bank.example");
        user.setEmailVerified(true);
        CredentialRepresentation credential = new CredentialRepresentation();
        credential.setType(CredentialRepresentation.PASSWORD);
        credential.setValue(PASSWORD);
        credential.setTemporary(false);
        user.setCredentials(List.of(credential));
        try (Response created = admin.realm(PARTNER_REALM).users().create(user)) {
            assertEquals(201, created.getStatus());
        }
    }

    /** Opens the demo app's sign-in, chooses the partner bank and signs in there. */
    private Page signInAtPartner(String username) {
        OidcClient app = OidcClient.demo(realm.getBaseUrl());
        Page login = new Browser(urls.getBase()).open(app.authorizationUrl());
        Page partnerLogin = login.follow("social-" + IDP_ALIAS); // "Or sign in with: partner" on the login page
        assertTrue(partnerLogin.uri().toString().contains("/realms/" + PARTNER_REALM + "/"), "at the partner: " + partnerLogin.uri());
        return partnerLogin.form("kc-form-login").set("username", username).set("password", PASSWORD).submit();
    }
}
