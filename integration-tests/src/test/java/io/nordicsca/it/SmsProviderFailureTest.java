package io.nordicsca.it;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.nordicsca.it.support.AnotherWay;
import io.nordicsca.it.support.BankSettings;
import io.nordicsca.it.support.Browser;
import io.nordicsca.it.support.CodeCardDesk;
import io.nordicsca.it.support.Customers;
import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.NordicScaServerConfig;
import io.nordicsca.it.support.OidcClient;
import io.nordicsca.it.support.Page;
import io.nordicsca.it.support.PasswordStep;
import io.nordicsca.it.support.ServerLog;
import io.nordicsca.it.support.SmsStep;
import io.nordicsca.it.support.ThemeMessages;
import io.nordicsca.it.support.TwilioStandIn;
import io.nordicsca.it.support.TwilioStandIn.Reply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.server.KeycloakUrls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When Twilio fails: each way it can fail gives the customer a clear message with an error code
 * (never a 500), an event with the mapped reason, and nothing in the server log that holds the
 * code or the full number.
 */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class SmsProviderFailureTest {

    private static final String PASSWORD = "Customer-password-1";
    private static final ThemeMessages ENGLISH = ThemeMessages.of("en");
    private static final TwilioStandIn TWILIO = TwilioStandIn.shared();

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    @InjectRealm(config = DemoRealm.class)
    ManagedRealm realm;

    /** The bank's customer service as the error pages show it (Realm settings → Nordic SCA). */
    private static final String SUPPORT_PHONE = "+46 8 123 456 78";
    private static final String SUPPORT_HOURS = "Mon–Fri 08–20";

    @BeforeEach
    void smsThroughTwilio() {
        SmsStep.configure(realm, Map.of());
        BankSettings.save(realm.admin(), realm.getId(), Map.of("supportPhone", SUPPORT_PHONE, "supportHours", SUPPORT_HOURS));
    }

    /** Each failure keeps the meaning its SMS-nnn code had: SMS-202 is NSCA-3202 (docs/error-codes.md). */
    static List<Arguments> failures() {
        return List.of(
                Arguments.of("500", "+46701120001", Reply.serverError(), "NSCA-3202", "sms_provider_unavailable"),
                Arguments.of("429", "+46701120002", Reply.error(429, 20429, "Too Many Requests"), "NSCA-3201", "sms_provider_rate_limited"),
                Arguments.of("21211", "+46701120003", Reply.error(400, 21211, "The 'To' number is not a valid phone number."), "NSCA-3101", "sms_invalid_number"),
                Arguments.of("slow", "+46701120004", Reply.after(Duration.ofMillis(NordicScaServerConfig.TWILIO_TIMEOUT_MS + 2500)), "NSCA-3203", "sms_provider_timeout"));
    }

    @ParameterizedTest(name = "Twilio answers {0}")
    @MethodSource("failures")
    void aFailingProviderGivesItsMessageAndLeaksNothing(String name, String number, Reply reply, String errorCode, String eventError) {
        String userId = Customers.addWithPhone(realm, "sms-fail-" + name, PASSWORD, number);
        TWILIO.answer(number, reply);
        ServerLog log = ServerLog.mark();
        Instant start = Instant.now();
        try {
            Page page = PasswordStep.signIn(new Browser(urls.getBase()), OidcClient.demo(realm.getBaseUrl()), "sms-fail-" + name, PASSWORD);
            Duration took = Duration.between(start, Instant.now());

            assertEquals(200, page.status(), "never a 500");
            assertEquals(errorCode, SmsStep.noticeCode(page), page.body());
            assertEquals(ENGLISH.text("errorNoticeCode", errorCode), page.textOf("sms-code"), "the code support looks up");
            boolean numberProblem = name.equals("21211");
            if (numberProblem) {
                // Only the bank can change the number: the page names it (masked), and gives the bank's number and hours.
                assertEquals(ENGLISH.text("errorSmsNotReachableProblem"), page.textOf("sms-problem"));
                assertEquals(ENGLISH.text("errorSmsUpdateNumberSolution"), page.textOf("sms-solution"));
                assertEquals(ENGLISH.text("smsProblemNumber", "+46•••••••0" + number.charAt(number.length() - 1)), page.textOf("sms-problem-number"));
                assertEquals(ENGLISH.text("errorNoticePhone", SUPPORT_PHONE), page.textOf("sms-phone"));
                assertEquals(ENGLISH.text("errorNoticeHours", SUPPORT_HOURS), page.textOf("sms-hours"));
                assertNull(page.document().getElementById("sms-retry"), "trying again cannot help");
            } else {
                // An outage the customer can wait out: what happened and what to do, "Try again", and no call to the bank.
                assertEquals(ENGLISH.text("errorSmsProviderDownProblem"), page.textOf("sms-problem"));
                assertEquals(ENGLISH.text("errorSmsProviderSolution"), page.textOf("sms-solution"));
                assertNull(page.textOf("sms-phone"));
                assertNotNull(page.document().getElementById("sms-retry"));
            }
            assertFalse(SmsStep.isCodePage(page), "no code page for a code that was never sent");
            assertEquals(1, TWILIO.sentTo(number).size(), "one attempt only: a POST that may have reached Twilio is never repeated");
            if (name.equals("slow")) {
                assertTrue(took.toMillis() < NordicScaServerConfig.TWILIO_TIMEOUT_MS + 2000, "the bounded timeout answered the customer in " + took);
            }

            EventRepresentation event = realm.admin().getEvents(List.of("LOGIN_ERROR"), null, userId, null, null, null, 0, 10).stream()
                    .filter(e -> eventError.equals(e.getError())).findFirst()
                    .orElseThrow(() -> new AssertionError("no LOGIN_ERROR event " + eventError));
            assertEquals("sms-otp", event.getDetails().get("credential_type"));

            String code = TWILIO.sentTo(number).get(0).code();
            String logged = log.sinceMark();
            String masked = "+46•••••••0" + number.charAt(number.length() - 1);
            assertTrue(logged.contains("SMS to " + masked + " not sent"), "operations see the failure, masked, in the log:\n" + logged);
            assertFalse(logged.contains(code), "the code must not reach the server log:\n" + logged);
            assertFalse(logged.contains(number.substring(1)), "the full number must not reach the server log:\n" + logged);
        } finally {
            TWILIO.answerNormally(number);
        }
    }

    @Test
    void whenTwilioIsDownACustomerWithACodeCardCanTryAnotherWay() {
        String number = "+46701120010";
        String userId = Customers.addWithPhone(realm, "sms-fail-alternative", PASSWORD, number);
        CodeCardDesk desk = new CodeCardDesk(urls.getBase(), realm.getName(), admin);
        desk.issueActivated(userId, 100);
        TWILIO.answer(number, Reply.serverError());
        try {
            Page codeCard = PasswordStep.signIn(new Browser(urls.getBase()), OidcClient.demo(realm.getBaseUrl()), "sms-fail-alternative", PASSWORD);
            Page smsFailed = AnotherWay.choose(codeCard, ENGLISH.text("nordic-sca-sms-otp-display-name"));
            assertEquals("NSCA-3202", SmsStep.noticeCode(smsFailed), smsFailed.body());

            Page backToCard = smsFailed.form("kc-select-try-another-way-form").submit();
            assertNotNull(backToCard.document().getElementById("kc-select-credential-form"), "the failed SMS page offers the other way");
        } finally {
            TWILIO.answerNormally(number);
        }
    }
}
