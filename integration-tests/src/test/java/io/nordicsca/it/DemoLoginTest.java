package io.nordicsca.it;

import java.net.URI;
import java.util.Map;

import io.nordicsca.it.support.Browser;
import io.nordicsca.it.support.CodeCardDesk;
import io.nordicsca.it.support.CodeCardStep;
import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.NordicScaServerConfig;
import io.nordicsca.it.support.OidcClient;
import io.nordicsca.it.support.Page;
import io.nordicsca.it.support.PasswordStep;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.IDToken;
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

/** The demo user signs in to the demo web app through the browser flow (password, code card; authorization code + PKCE). */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class DemoLoginTest {

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    @InjectRealm(config = DemoRealm.class)
    ManagedRealm realm;

    private CodeCardDesk.Card card;

    /** The demo flow asks for the code card after the password; the demo user gets one at the counter. */
    @BeforeEach
    void demoUserHasACodeCard() {
        String demoUserId = realm.admin().users().search(DemoRealm.DEMO_USERNAME, true).get(0).getId();
        card = new CodeCardDesk(urls.getBase(), realm.getName(), admin).issueActivated(demoUserId, 100);
    }

    @Test
    void demoUserSignsInAndTheAppReceivesTokens() {
        OidcClient app = OidcClient.demo(realm.getBaseUrl());
        Browser browser = new Browser(urls.getBase());

        Page login = browser.open(app.authorizationUrl());
        assertEquals(200, login.status());
        Page codeCard = login.form("kc-form-login")
                .set("username", DemoRealm.DEMO_USERNAME)
                .set("password", DemoRealm.DEMO_PASSWORD)
                .submit();
        Page afterLogin = CodeCardStep.answerRightly(codeCard, card);

        OidcClient.Tokens tokens = app.exchange(afterLogin.redirectedAwayTo());
        assertEquals(200, tokens.status(), () -> "token endpoint said " + tokens.response().getError());
        assertNotNull(tokens.response().getToken());
        IDToken idToken = tokens.idToken();
        assertEquals(DemoRealm.DEMO_USERNAME, idToken.getPreferredUsername());
        assertEquals(OidcClient.DEMO_CLIENT_ID, idToken.getIssuedFor());
        assertEquals(app.nonce(), idToken.getNonce());
        assertEquals(realm.getBaseUrl(), idToken.getIssuer());
    }

    @Test
    void codeIsRefusedWithoutTheMatchingPkceVerifier() {
        OidcClient app = OidcClient.demo(realm.getBaseUrl());
        Page afterLogin = CodeCardStep.answerRightly(
                PasswordStep.signIn(new Browser(urls.getBase()), app, DemoRealm.DEMO_USERNAME, DemoRealm.DEMO_PASSWORD), card);

        OidcClient.Tokens tokens = app.exchange(afterLogin.redirectedAwayTo(), "a-verifier-that-an-attacker-guessed-0123456789abcdef");

        assertEquals(400, tokens.status());
        assertEquals("invalid_grant", tokens.response().getError());
    }

    @Test
    void authorizationRequestWithoutPkceIsRefused() {
        String withoutPkce = realm.getBaseUrl() + "/protocol/openid-connect/auth?client_id=" + OidcClient.DEMO_CLIENT_ID
                + "&redirect_uri=" + OidcClient.DEMO_REDIRECT_URI + "&response_type=code&scope=openid&state=s1";

        Page page = new Browser(urls.getBase()).open(withoutPkce);

        URI redirect = page.redirectedAwayTo();
        assertNotNull(redirect, "Keycloak should send the app an error, not show a login page");
        Map<String, String> query = OidcClient.query(redirect);
        assertEquals("invalid_request", query.get("error"));
        assertTrue(query.get("error_description").contains("code_challenge_method"), query.toString());
        assertNull(query.get("code"));
    }
}
