package io.nordicsca.it;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.nordicsca.companion.DeviceClient;
import io.nordicsca.it.support.AppCustomers;
import io.nordicsca.it.support.AppStep;
import io.nordicsca.it.support.Browser;
import io.nordicsca.it.support.CodeCardDesk;
import io.nordicsca.it.support.CodeCardStep;
import io.nordicsca.it.support.Customers;
import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.NordicScaServerConfig;
import io.nordicsca.it.support.OidcClient;
import io.nordicsca.it.support.Page;
import io.nordicsca.it.support.PasswordStep;
import io.nordicsca.it.support.SmsStep;
import io.nordicsca.it.support.ThemeMessages;
import io.nordicsca.it.support.TwilioStandIn;
import io.nordicsca.it.support.UiText;
import org.junit.jupiter.params.ParameterizedTest;
import org.keycloak.admin.client.Keycloak;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.server.KeycloakUrls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A customer who chose Nynorsk (or any of our five Nordic languages) sees no English on the
 * login page, neither before nor after a failed attempt, nor on the code card and SMS pages (nor in the SMS). Keycloak ships no nb or nn bundle;
 * these pages come from the nordic-sca theme.
 */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class LocalizedLoginPageTest {

    /** Words that are the same in every language: the bank's name. */
    private static final Set<String> PROPER_NOUNS = Set.of("Nordic Bank");
    /** An unknown user: a failed attempt that Keycloak cannot count against anyone. */
    private static final String UNKNOWN_USER = "nobody-by-this-name";

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    @InjectRealm(config = DemoRealm.class)
    ManagedRealm realm;

    @ParameterizedTest
    @ValueSource(strings = {"nn", "nb", "sv", "fi", "da"})
    void loginPageHasNoEnglishText(String language) {
        Page english = openLogin("en");
        Page localized = openLogin(language);

        assertEquals(language, localized.document().selectFirst("html").attr("lang"));
        assertEquals(ThemeMessages.of(language).text("username"), labelFor(localized, "username"));
        assertEquals(ThemeMessages.of(language).text("loginAccountTitle"), localized.textOf("kc-page-title"));
        assertNoEnglish(english, localized, language);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nn", "nb", "sv", "fi", "da"})
    void failedAttemptPageHasNoEnglishText(String language) {
        Page english = failedAttempt("en");
        Page localized = failedAttempt(language);

        assertEquals(ThemeMessages.of(language).text("invalidUserMessage"), localized.textOf(PasswordStep.ERROR_ID));
        assertNoEnglish(english, localized, language);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nn", "nb", "sv", "fi", "da"})
    void codeCardPagesHaveNoEnglishText(String language) {
        String username = "card-" + language;
        String userId = Customers.add(realm, username, "Customer-password-1");
        CodeCardDesk desk = new CodeCardDesk(urls.getBase(), realm.getName(), admin);
        desk.issueActivated(userId, 100);

        Page englishChallenge = secondStep(username, "en");
        Page challenge = secondStep(username, language);
        ThemeMessages messages = ThemeMessages.of(language);
        int position = CodeCardStep.askedPosition(challenge);
        assertEquals(messages.text("codeCardInputLabel", position), challenge.document().selectFirst("label[for=code]").text());
        assertNoEnglish(englishChallenge, challenge, language);

        Page wrong = CodeCardStep.answer(challenge, "12");
        assertEquals(messages.text("codeCardWrongLength", 6), wrong.textOf(CodeCardStep.ERROR_ID));
        assertNoEnglish(CodeCardStep.answer(englishChallenge, "12"), wrong, language);

        desk.revoke(userId);
        Page revoked = secondStep(username, language);
        assertEquals(messages.text("codeCardRevoked"), revoked.textOf("code-card-problem"));
        assertNoEnglish(secondStep(username, "en"), revoked, language);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nn", "nb", "sv", "fi", "da"})
    void smsPagesAndTheSmsItselfHaveNoEnglishText(String language) {
        SmsStep.configure(realm, Map.of("sendsPerUser", "20", "sendsPerNumber", "20"));
        String number = "+4670111" + String.format("%04d", 4000 + List.of("nn", "nb", "sv", "fi", "da").indexOf(language));
        String username = "sms-" + language;
        Customers.addWithPhone(realm, username, "Customer-password-1", number);
        ThemeMessages messages = ThemeMessages.of(language);

        Page englishPage = secondStep(username, "en");
        Page page = secondStep(username, language);
        assertTrue(SmsStep.isCodePage(page), page.body());
        assertNoEnglish(englishPage, page, language);
        TwilioStandIn.Sms sms = TwilioStandIn.shared().sentTo(number).get(1);
        assertTrue(sms.body().startsWith(messages.text("smsText", realm.admin().toRepresentation().getDisplayName(), sms.code(), 5)),
                "the SMS is in the customer's language: " + sms.body());

        Page wrong = SmsStep.answer(page, "12");
        assertEquals(messages.text("smsCodeWrongLength", 6), wrong.textOf(SmsStep.ERROR_ID));
        assertNoEnglish(SmsStep.answer(englishPage, "12"), wrong, language);

        TwilioStandIn.shared().answer(number, TwilioStandIn.Reply.serverError());
        try {
            Page englishDown = secondStep(username, "en");
            Page down = secondStep(username, language);
            assertEquals(messages.text("errorSmsProviderDownProblem"), down.textOf("sms-problem"));
            assertEquals(messages.text("errorNoticeCode", "NSCA-3202"), down.textOf("sms-code"));
            assertNoEnglish(englishDown, down, language);
        } finally {
            TwilioStandIn.shared().answerNormally(number);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nn", "nb", "sv", "fi", "da"})
    void appPagesHaveNoEnglishText(String language) {
        String username = "app-" + language;
        DeviceClient phone = AppCustomers.add(realm, admin, urls.getBase(), username, "Customer-password-1").phone();
        ThemeMessages messages = ThemeMessages.of(language);

        Page english = secondStep(username, "en");
        Page waiting = secondStep(username, language);
        assertEquals(messages.text("appInstructionEnter"), waiting.textOf("app-instruction"));
        assertNoEnglish(english, waiting, language);

        phone.deny(phone.pending().get(0));
        Page declined = AppStep.continueAfterAnswer(waiting);
        assertEquals(messages.text("appDeclined"), declined.textOf(AppStep.OUTCOME_PROBLEM_ID));
        assertNoEnglish(english, declined, language);
    }

    private Page secondStep(String username, String language) {
        return openLogin(language).form("kc-form-login")
                .set("username", username)
                .set("password", "Customer-password-1")
                .submit();
    }

    private Page openLogin(String language) {
        Page page = new Browser(urls.getBase())
                .acceptLanguage(language)
                .open(OidcClient.demo(realm.getBaseUrl()).authorizationUrl(Map.of("ui_locales", language)));
        assertEquals(200, page.status(), page::body);
        return page;
    }

    private Page failedAttempt(String language) {
        return openLogin(language).form("kc-form-login")
                .set("username", UNKNOWN_USER)
                .set("password", "not-a-password")
                .submit();
    }

    private static String labelFor(Page page, String inputId) {
        return page.document().selectFirst("label[for=" + inputId + "]").text().replace("*", "").trim();
    }

    private static void assertNoEnglish(Page english, Page localized, String language) {
        Set<String> englishTexts = new TreeSet<>(UiText.of(english));
        englishTexts.removeAll(PROPER_NOUNS);
        assertTrue(englishTexts.size() >= 5, "the English page should have UI text to compare with: " + englishTexts);

        Set<String> leaked = new TreeSet<>(UiText.of(localized));
        leaked.retainAll(englishTexts);
        assertTrue(leaked.isEmpty(), "English text on the " + language + " page: " + leaked);
    }
}
