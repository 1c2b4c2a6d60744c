package io.nordicsca.it;

import java.util.ArrayList;
import java.util.List;

import io.nordicsca.it.support.AuthenticatorApp;
import io.nordicsca.it.support.Browser;
import io.nordicsca.it.support.CodeCardDesk;
import io.nordicsca.it.support.CodeCardStep;
import io.nordicsca.it.support.Customers;
import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.NordicScaServerConfig;
import io.nordicsca.it.support.OidcClient;
import io.nordicsca.it.support.Page;
import io.nordicsca.it.support.PasswordStep;
import io.nordicsca.it.support.ThemeMessages;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.AuthenticationExecutionExportRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.RealmConfig;
import org.keycloak.testframework.server.KeycloakUrls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A customer activates a mailed card after signing in with another strong factor (here Keycloak's
 * authenticator app), by typing the card number and one security number from the new card.
 */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class CodeCardActivationTest {

    private static final String PASSWORD = "Customer-password-1";
    private static final String TOTP_SECRET = "NordicScaActivationTestSecret123";

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    @InjectRealm(config = WithAuthenticatorApp.class)
    ManagedRealm realm;

    /** The demo realm, its strong step offering the authenticator app or the code card. */
    public static class WithAuthenticatorApp implements RealmConfig {

        @Override
        public RealmBuilder configure(RealmBuilder ignored) {
            RealmRepresentation realm = DemoRealm.load();
            AuthenticationFlowRepresentation forms = realm.getAuthenticationFlows().stream()
                    .filter(flow -> flow.getAlias().equals("nordic-bank level sca")).findFirst().orElseThrow();
            AuthenticationExecutionExportRepresentation codeCard = forms.getAuthenticationExecutions().stream()
                    .filter(execution -> "nordic-bank second factor".equals(execution.getFlowAlias())).findFirst().orElseThrow();
            forms.getAuthenticationExecutions().remove(codeCard);
            forms.getAuthenticationExecutions().add(execution(null, "REQUIRED", 20, "strong step"));

            AuthenticationFlowRepresentation strong = new AuthenticationFlowRepresentation();
            strong.setAlias("strong step");
            strong.setProviderId("basic-flow");
            strong.setTopLevel(false);
            strong.setBuiltIn(false);
            codeCard.setRequirement("ALTERNATIVE");
            codeCard.setPriority(20);
            strong.setAuthenticationExecutions(new ArrayList<>(List.of(execution("auth-otp-form", "ALTERNATIVE", 10, null), codeCard)));
            realm.getAuthenticationFlows().add(strong);
            return RealmBuilder.update(realm);
        }

        private static AuthenticationExecutionExportRepresentation execution(String authenticator, String requirement, int priority, String flowAlias) {
            AuthenticationExecutionExportRepresentation execution = new AuthenticationExecutionExportRepresentation();
            execution.setAuthenticator(authenticator);
            execution.setRequirement(requirement);
            execution.setPriority(priority);
            execution.setAuthenticatorFlow(flowAlias != null);
            execution.setFlowAlias(flowAlias);
            execution.setUserSetupAllowed(false);
            return execution;
        }
    }

    @Test
    void customerActivatesTheMailedCardAfterTheAuthenticatorApp() {
        String userId = customer("activating-customer");
        CodeCardDesk.Card card = desk().issue(userId, "");

        Page activation = AuthenticatorApp.answer(signIn("activating-customer"), TOTP_SECRET);
        assertEquals(ThemeMessages.of("en").text("codeCardActivateTitle"), activation.textOf("kc-page-title"));
        int position = CodeCardStep.askedActivationPosition(activation);

        Page wrongSerial = activation.form("kc-code-card-activate-form")
                .set("serial", "0000 0000").set("code", card.code(position)).submit();
        assertEquals(ThemeMessages.of("en").text("codeCardActivateInvalid"), wrongSerial.textOf("input-error-code"));
        assertEquals("NSCA-2007", wrongSerial.fieldErrorCode("code"), "with its code under it");
        assertNull(wrongSerial.redirectedAwayTo());
        assertEquals(position, CodeCardStep.askedActivationPosition(wrongSerial), "the position stays while activating");

        Page signedIn = wrongSerial.form("kc-code-card-activate-form")
                .set("serial", card.serial()).set("code", card.code(position)).submit();

        assertNotNull(signedIn.redirectedAwayTo(), "activation completes the sign-in");
        var stored = desk().cards(userId).get(0);
        assertEquals("ACTIVE", stored.get("status"));
        assertEquals(99, stored.get("unused"), "the number used to activate is used up");
        assertNull(realm.admin().users().get(userId).toRepresentation().getRequiredActions().stream()
                .filter("nordic-sca-activate-code-card"::equals).findAny().orElse(null));
    }

    @Test
    void customerWhoseCardIsStillInThePostSignsInAndIsAskedAgainNextTime() {
        String userId = customer("waiting-customer");
        desk().issue(userId, "");

        Page activation = AuthenticatorApp.answer(signIn("waiting-customer"), TOTP_SECRET);
        Page signedIn = activation.form("kc-code-card-activate-form").set("later", "").submit();

        assertNotNull(signedIn.redirectedAwayTo(), "\"activate later\" completes the sign-in");
        assertEquals("ISSUED", desk().cards(userId).get(0).get("status"), "the card waits for activation");
        Page nextTime = AuthenticatorApp.answer(signIn("waiting-customer"), TOTP_SECRET, 30);
        assertEquals(ThemeMessages.of("en").text("codeCardActivateTitle"), nextTime.textOf("kc-page-title"));
    }

    private Page signIn(String username) {
        return PasswordStep.signIn(new Browser(urls.getBase()), OidcClient.demo(realm.getBaseUrl()), username, PASSWORD);
    }

    private String customer(String username) {
        return Customers.addWithAuthenticatorApp(realm, username, PASSWORD, TOTP_SECRET);
    }

    private CodeCardDesk desk() {
        return new CodeCardDesk(urls.getBase(), realm.getName(), admin);
    }
}
