package io.nordicsca.it;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.nordicsca.it.support.Browser;
import io.nordicsca.it.support.CodeCardDesk;
import io.nordicsca.it.support.CodeCardStep;
import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.NordicScaServerConfig;
import io.nordicsca.it.support.OidcClient;
import io.nordicsca.it.support.Page;
import io.nordicsca.it.support.PasswordStep;
import io.nordicsca.it.support.SmsStep;
import io.nordicsca.it.support.ThemeMessages;
import io.nordicsca.it.support.TwilioStandIn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.UserBuilder;
import org.keycloak.testframework.server.KeycloakUrls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A customer registers a mobile number (the bank opted in to self-registration): only after
 * another strong factor in the same sign-in, and only once the number answered with its code.
 */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class RegisterPhoneTest {

    private static final String PASSWORD = "Customer-password-1";
    private static final String ACTION = SmsStep.REGISTER_PHONE;
    private static final String NUMBER_FORM = "kc-sms-register-form";
    private static final ThemeMessages ENGLISH = ThemeMessages.of("en");
    private static final TwilioStandIn TWILIO = TwilioStandIn.shared();

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    @InjectRealm(config = DemoRealm.class)
    ManagedRealm realm;

    @BeforeEach
    void bankAllowsSelfRegistration() {
        assertEquals("+46,+47,+358,+45,+354", realm.admin().flows().getRequiredActionConfig(ACTION).getConfig().get("allowedPrefixes"),
                "the demo realm's settings arrive");
        SmsStep.allowPhoneRegistration(realm, Map.of());
    }

    @Test
    void afterTheCodeCardACustomerRegistersAndVerifiesANumber() {
        String userId = customerAskedToRegister("phone-register");
        CodeCardDesk.Card card = new CodeCardDesk(urls.getBase(), realm.getName(), admin).issueActivated(userId, 100);

        Browser browser = new Browser(urls.getBase());
        Page numberPage = CodeCardStep.answerRightly(
                PasswordStep.signIn(browser, OidcClient.demo(realm.getBaseUrl()), "phone-register", PASSWORD), card);
        assertNotNull(numberPage.document().getElementById(NUMBER_FORM), "after the card, the number page: " + numberPage.body());

        // Each answer comes from the page before it, as in a browser.
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("12", ENGLISH.text("smsPhoneInvalid"));
        refused.put("+46 8 123 456 78", ENGLISH.text("smsPhoneNotMobile"));
        refused.put("+44 7911 123456", ENGLISH.text("smsPhoneCountryNotAllowed")); // the demo realm sends to Nordic countries only
        refused.put("", ENGLISH.text("smsPhoneMissing"));
        refused.put("+46 70 123 45 67 +46 70 123 45 67 +46 70 123", ENGLISH.text("smsPhoneInvalid"));
        for (Map.Entry<String, String> typed : refused.entrySet()) {
            numberPage = typeNumber(numberPage, typed.getKey());
            assertEquals(typed.getValue(), numberPage.textOf("input-error-phone"), "number '" + typed.getKey() + "'");
        }

        Page codePage = typeNumber(numberPage, "070-111 30 01");
        assertTrue(SmsStep.isCodePage(codePage), codePage.body());
        List<TwilioStandIn.Sms> sent = TWILIO.sentTo("+46701113001");
        assertEquals(1, sent.size(), "a code goes to the new number");
        assertNull(realm.admin().users().get(userId).toRepresentation().firstAttribute("phoneNumber"), "not saved before it is proven");

        Page wrong = SmsStep.answer(codePage, sent.get(0).code().equals("000000") ? "111111" : "000000");
        assertEquals(ENGLISH.text("smsCodeInvalid", 2), wrong.textOf(SmsStep.ERROR_ID));
        Page signedIn = SmsStep.answer(wrong, sent.get(0).code());
        assertNotNull(signedIn.redirectedAwayTo(), "the right code finishes sign-in: " + signedIn.body());
        assertEquals("+46701113001", realm.admin().users().get(userId).toRepresentation().firstAttribute("phoneNumber"),
                "the number is saved in E.164");
        assertFalse(realm.admin().users().get(userId).toRepresentation().getRequiredActions().contains(ACTION));
    }

    @Test
    void thePasswordAloneCannotRegisterANumber() {
        // Keycloak's built-in browser flow: a customer without an authenticator app signs in with the password only.
        realm.updateWithCleanup(settings -> settings.browserFlow("browser"));
        customerAskedToRegister("phone-password-only");

        Page page = PasswordStep.signIn(new Browser(urls.getBase()), OidcClient.demo(realm.getBaseUrl()), "phone-password-only", PASSWORD);
        assertEquals("NSCA-5102", SmsStep.noticeCode(page), page.body());
        assertEquals(ENGLISH.text("errorEnrollPhoneProblem"), page.textOf("sms-problem"));
        assertEquals(ENGLISH.text("errorStrongSignInSolution"), page.textOf("sms-solution"));
        assertNull(page.document().getElementById(NUMBER_FORM), "no number can be entered");
        assertNull(page.redirectedAwayTo());

        Page reloaded = page.reload();
        assertEquals("NSCA-5102", SmsStep.noticeCode(reloaded), "a reload does not get past it either");
        assertNull(reloaded.redirectedAwayTo());
    }

    private String customerAskedToRegister(String username) {
        realm.addUser(UserBuilder.create(username).enabled(true).password(PASSWORD).name("Kari", "Nordmann")
                .email(username + "@nordic-bank.example").emailVerified(true).requiredActions(ACTION));
        return realm.admin().users().search(username, true).get(0).getId();
    }

    private static Page typeNumber(Page numberPage, String number) {
        return numberPage.form(NUMBER_FORM).set("phone", number).submit();
    }
}
