package io.nordicsca.it;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.nordicsca.it.support.AttackDetection;
import io.nordicsca.it.support.Browser;
import io.nordicsca.it.support.CodeCardDesk;
import io.nordicsca.it.support.CodeCardStep;
import io.nordicsca.it.support.Customers;
import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.NordicScaServerConfig;
import io.nordicsca.it.support.OidcClient;
import io.nordicsca.it.support.LockPage;
import io.nordicsca.it.support.LockoutDesk;
import io.nordicsca.it.support.Page;
import io.nordicsca.it.support.PasswordStep;
import io.nordicsca.it.support.ThemeMessages;
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

/** Signing in to the demo realm's flow (password, then code card) with a card the bank issued. */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class CodeCardLoginTest {

    private static final String PASSWORD = "Customer-password-1";
    private static final Duration PAUSE_BETWEEN_GUESSES = Duration.ofMillis(1200);
    private static final ThemeMessages ENGLISH = ThemeMessages.of("en");

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    @InjectRealm(config = DemoRealm.class)
    ManagedRealm realm;

    @Test
    void eachPositionIsAskedOnceReloadKeepsItAndAnExhaustedCardIsRefused() {
        String userId = customer("card-user-10");
        CodeCardDesk.Card card = desk().issueActivated(userId, 10);

        Set<Integer> asked = new HashSet<>();
        for (int login = 1; login <= 10; login++) {
            Page challenge = passwordStep("card-user-10");
            int position = CodeCardStep.askedPosition(challenge);
            assertTrue(asked.add(position), "position " + position + " was asked twice");

            // Reloading a page Keycloak answered to a POST shows its "page has expired" page, whose
            // "continue" link renders the current step again: it must ask the same number.
            Page reloaded = challenge.reload();
            if (reloaded.textOf("loginContinueLink") != null) {
                reloaded = reloaded.follow("loginContinueLink");
            }
            assertEquals(position, CodeCardStep.askedPosition(reloaded), "a reload must keep the position");

            Page afterAnswer = CodeCardStep.answer(reloaded, card.code(position));
            // The realm warns below 20 unused numbers, so this small card shows the notice every time.
            assertEquals(ENGLISH.text("codeCardLow", 10 - login, card.serial().substring(5)), afterAnswer.textOf("code-card-low"));
            Page signedIn = afterAnswer.form(CodeCardStep.FORM).submit();
            assertNotNull(signedIn.redirectedAwayTo(), "login " + login + " should sign in");
            assertTrue(signedIn.redirectedAwayTo().getQuery().contains("code="));
        }

        Page eleventh = passwordStep("card-user-10");
        assertEquals(ENGLISH.text("codeCardExhausted"), eleventh.textOf("code-card-problem"));
        assertNull(eleventh.document().getElementById("code"), "an exhausted card offers no input");
        assertEquals("EXHAUSTED", desk().cards(userId).get(0).get("status"));
        assertEquals(0, desk().cards(userId).get(0).get("unused"));
    }

    @Test
    void everySignInAsksTheSameNumberUntilItIsAnswered() {
        String userId = customer("card-user-phished");
        CodeCardDesk.Card card = desk().issueActivated(userId, 100);

        // Someone who knows the password (and phished one code) restarts the login again and again:
        // the card keeps asking the same number, so the phished code never comes up.
        int first = CodeCardStep.askedPosition(passwordStep("card-user-phished"));
        for (int attempt = 0; attempt < 5; attempt++) {
            assertEquals(first, CodeCardStep.askedPosition(passwordStep("card-user-phished")), "a new sign-in drew another number");
        }
        Page answered = CodeCardStep.answerRightly(passwordStep("card-user-phished"), card);
        assertNotNull(answered.redirectedAwayTo());
        int next = CodeCardStep.askedPosition(passwordStep("card-user-phished"));
        assertTrue(next != first, "after the answer, a used number is never asked again");
    }

    @Test
    void fiveWrongCodesLockTheCardForFifteenMinutesAndTheBankCanOpenItAtOnce() throws InterruptedException {
        String userId = customer("card-user-lock");
        LockoutDesk desk = new LockoutDesk(urls.getBase(), realm.getName(), admin);
        CodeCardDesk.Card card = desk().issueActivated(userId, 100);
        Page page = passwordStep("card-user-lock");
        int position = CodeCardStep.askedPosition(page);
        String wrong = CodeCardStep.wrongCode(card.code(position));

        for (int guess = 1; guess <= 5; guess++) {
            page = CodeCardStep.answer(page, wrong);
            assertNull(page.redirectedAwayTo());
            if (guess < 5) {
                assertEquals(ENGLISH.text("codeCardInvalid"), page.textOf(CodeCardStep.ERROR_ID));
                assertEquals("NSCA-2001", page.fieldErrorCode("code"), "with its code under it");
                assertEquals(position, CodeCardStep.askedPosition(page), "a wrong answer keeps the position");
                Thread.sleep(PAUSE_BETWEEN_GUESSES.toMillis());
            }
        }
        Map<String, Object> status = AttackDetection.awaitFailures(realm, userId, 5);
        assertTrue(AttackDetection.locked(status), "5 wrong codes must lock: " + status);

        assertEquals("NSCA-2901", LockPage.code(page), "the 5th wrong number locks the card for 15 minutes, and says so");
        assertEquals("TEMPORARY", LockoutDesk.factor(desk.view(userId), "code-card").get("state"));

        Page newSessionWhileLocked = PasswordStep.signIn(new Browser(urls.getBase()), OidcClient.demo(realm.getBaseUrl()), "card-user-lock", PASSWORD);
        assertNull(newSessionWhileLocked.textOf("code-card-prompt"), "a locked user gets no new code card challenge");

        AttackDetection.unlock(realm, userId);
        assertNull(passwordStep("card-user-lock").textOf("code-card-prompt"), "Keycloak's unlock does not open the card");
        desk.unlock(userId, "code-card", "Customer identified at the branch");
        Page afterUnlock = passwordStep("card-user-lock");
        Page signedIn = CodeCardStep.answerRightly(afterUnlock, card);
        assertNotNull(signedIn.redirectedAwayTo(), "after the bank unlocks, the right code signs in");

        List<EventRepresentation> errors = realm.admin().getEvents(List.of("LOGIN_ERROR"), null, userId, null, null, null, 0, 50);
        List<EventRepresentation> wrongCodes = errors.stream().filter(e -> "invalid_user_credentials".equals(e.getError())).toList();
        assertEquals(5, wrongCodes.size(), "every wrong code is a LOGIN_ERROR event");
        for (EventRepresentation event : wrongCodes) {
            assertEquals("code-card", event.getDetails().get("credential_type"));
            assertEquals(String.valueOf(position), event.getDetails().get("code_card_position"));
            assertFalse(event.getDetails().toString().contains(wrong), "an event must never hold the code");
        }
    }

    @Test
    void malformedAnswersAreExplainedAndNotCountedAsGuesses() {
        String userId = customer("card-user-typo");
        CodeCardDesk.Card card = desk().issueActivated(userId, 100);
        Page page = passwordStep("card-user-typo");
        int position = CodeCardStep.askedPosition(page);

        Map<String, String> expected = Map.of(
                "", ENGLISH.text("codeCardMissing"),
                "12a4 56", ENGLISH.text("codeCardNotDigits"),
                "\u0661\u0662\u0663\u0664\u0665\u0666", ENGLISH.text("codeCardNotDigits"),
                "1234567", ENGLISH.text("codeCardWrongLength", 6),
                "12345678901234567890123456789012345678901234567890", ENGLISH.text("codeCardWrongLength", 6));
        for (Map.Entry<String, String> input : expected.entrySet()) {
            page = CodeCardStep.answer(page, input.getKey());
            assertEquals(200, page.status(), "input '" + input.getKey() + "'");
            assertEquals(input.getValue(), page.textOf(CodeCardStep.ERROR_ID), "input '" + input.getKey() + "'");
        }

        page = CodeCardStep.answer(page, CodeCardStep.wrongCode(card.code(position)));
        assertEquals(1, AttackDetection.failures(AttackDetection.awaitFailures(realm, userId, 1)),
                "only the one real guess counts, not the malformed answers before it");

        Page signedIn = CodeCardStep.answer(page, " " + card.code(position).substring(0, 3) + " " + card.code(position).substring(3) + " ");
        assertNotNull(signedIn.redirectedAwayTo(), "spaces inside a code, as copied from paper, are accepted");
    }

    @Test
    void revokedCardIsRefusedWithItsErrorCodeProblemAndSolution() {
        String userId = customer("card-user-revoked");
        desk().issueActivated(userId, 100);
        assertEquals(204, desk().revoke(userId).statusCode());

        Page page = passwordStep("card-user-revoked");

        assertEquals(ENGLISH.text("errorNoticeCode", "NSCA-2003"), page.textOf("code-card-code"), "the code support looks up");
        assertEquals(ENGLISH.text("errorCardUnusableTitle"), page.textOf("code-card-title"));
        assertEquals(ENGLISH.text("codeCardRevoked"), page.textOf("code-card-problem"));
        assertEquals(ENGLISH.text("errorOtherWayOrBankSolution"), page.textOf("code-card-solution"));
        // The demo realm has no support settings: no number is made up, and the page's help line still sends the customer to the bank.
        assertNull(page.textOf("code-card-phone"));
        assertEquals(ENGLISH.text("nordicScaHelp"), page.textOf("nordic-sca-help"));
        assertNull(page.redirectedAwayTo());
    }

    @Test
    void issuedButNotActivatedCardCannotBeUsedOrActivatedWithThePasswordAlone() {
        String userId = customer("card-user-new");
        desk().issue(userId, "");

        Page page = passwordStep("card-user-new");

        assertEquals(ENGLISH.text("codeCardNotActivated"), page.textOf("code-card-problem"));
        assertEquals(ENGLISH.text("errorNoticeCode", "NSCA-2002"), page.textOf("code-card-code"));
        assertNull(page.document().getElementById("code"));
        assertNull(page.redirectedAwayTo());
        assertEquals("ISSUED", desk().cards(userId).get(0).get("status"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void customerSeesTheCardInTheAccountConsoleButNoCode() throws Exception {
        String userId = customer("card-user-account");
        CodeCardDesk.Card card = desk().issueActivated(userId, 100);

        // The customer signs in to the account console (password, then the card), as in a browser.
        OidcClient accountConsole = new OidcClient(realm.getBaseUrl(), "account-console", realm.getBaseUrl() + "/account/");
        Page signInPage = new Browser(urls.getBase()).open(accountConsole.authorizationUrl());
        Page console = CodeCardStep.answerRightly(signInPage.form("kc-form-login")
                .set("username", "card-user-account").set("password", PASSWORD).submit(), card);
        OidcClient.Tokens tokens = accountConsole.exchange(console.uri());
        assertEquals(200, tokens.status(), () -> String.valueOf(tokens.response().getError()));
        String token = tokens.response().getToken();
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(realm.getBaseUrl() + "/account/credentials"))
                        .header("Authorization", "Bearer " + token).header("Accept", "application/json").build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());

        List<Map<String, Object>> types = org.keycloak.util.JsonSerialization.readValue(response.body(), List.class);
        Map<String, Object> codeCard = types.stream().filter(t -> "code-card".equals(t.get("type"))).findFirst()
                .orElseThrow(() -> new AssertionError("the account console does not list the code card: " + response.body()));
        assertEquals("code-card-display-name", codeCard.get("displayName"));
        assertEquals(false, codeCard.get("removeable"), "only the bank revokes cards");
        List<Map<String, Object>> owned = (List<Map<String, Object>>) codeCard.get("userCredentialMetadatas");
        Map<String, Object> credential = (Map<String, Object>) owned.get(0).get("credential");
        assertEquals("••" + card.serial().substring(5) + " · 99/100 ✓", credential.get("userLabel"));
        for (String code : card.codes().values()) {
            assertFalse(response.body().contains(code), "the account API must never show a code");
        }
    }

    private String customer(String username) {
        return Customers.add(realm, username, PASSWORD);
    }

    private Page passwordStep(String username) {
        return PasswordStep.signIn(new Browser(urls.getBase()), OidcClient.demo(realm.getBaseUrl()), username, PASSWORD);
    }

    private CodeCardDesk desk() {
        return new CodeCardDesk(urls.getBase(), realm.getName(), admin);
    }
}
