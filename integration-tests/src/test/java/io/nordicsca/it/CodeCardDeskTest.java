package io.nordicsca.it;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.nordicsca.it.support.Browser;
import io.nordicsca.it.support.CodeCardDesk;
import io.nordicsca.it.support.CodeCardStep;
import io.nordicsca.it.support.Customers;
import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.NordicScaServerConfig;
import io.nordicsca.it.support.OidcClient;
import io.nordicsca.it.support.Page;
import io.nordicsca.it.support.PasswordStep;
import io.nordicsca.it.support.RoleLessClient;
import io.nordicsca.it.support.ServerLog;
import io.nordicsca.it.support.ThemeMessages;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.server.KeycloakUrls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bank's code card desk: issue (JSON or printable), list, revoke; and what it refuses. */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class CodeCardDeskTest {

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    @InjectRealm(config = DemoRealm.class)
    ManagedRealm realm;

    @Test
    void issuesTheRealmsDefaultCardOnceAndTheStoredCredentialHoldsNoCode() {
        String userId = customer("desk-default");

        CodeCardDesk.Card card = desk().issue(userId, "");

        assertEquals(100, card.positions());
        assertEquals(6, card.digits());
        assertEquals("ISSUED", card.status());
        assertEquals(100, card.codes().size());
        assertTrue(card.codes().values().stream().allMatch(code -> code.matches("[0-9]{6}")));
        List<Map<String, Object>> listed = desk().cards(userId);
        assertEquals(1, listed.size());
        assertFalse(listed.toString().contains("codes"), "the card is never retrievable again: " + listed);
        assertTrue(realm.admin().users().get(userId).toRepresentation().getRequiredActions().contains("nordic-sca-activate-code-card"));

        String stored = storedCredentials(userId);
        assertTrue(stored.contains("code-card"), stored);
        for (String code : card.codes().values()) {
            assertFalse(stored.contains(code), "code " + code + " is stored in plain text");
        }
    }

    @Test
    void issuingAgainRevokesThePreviousCard() {
        String userId = customer("desk-reissue");
        HttpResponse<String> firstAnswer = desk().call("POST", userId, "null", "application/json", desk().bearer());
        assertEquals(201, firstAnswer.statusCode(), "a JSON null body means the realm's defaults: " + firstAnswer.body());
        assertEquals("no-store", firstAnswer.headers().firstValue("Cache-Control").orElse(""), "the codes must not be cached");
        String firstSerial = (String) CodeCardDesk.json(firstAnswer.body()).get("serial");
        CodeCardDesk.Card second = desk().issue(userId, "{\"positions\":148,\"digits\":8,\"validDays\":730}");

        List<Map<String, Object>> cards = desk().cards(userId);
        assertEquals(2, cards.size());
        assertEquals(second.serial(), cards.get(0).get("serial"));
        assertEquals("ISSUED", cards.get(0).get("status"));
        assertEquals(148, cards.get(0).get("positions"));
        assertEquals(8, cards.get(0).get("digits"));
        assertTrue(cards.get(0).get("expiresAt") != null);
        assertEquals(firstSerial, cards.get(1).get("serial"));
        assertEquals("REVOKED", cards.get(1).get("status"));
    }

    @Test
    void printableCardIsAPageInTheCustomersLanguage() {
        String userId = customer("desk-print");
        ServerLog log = ServerLog.mark();

        HttpResponse<String> response = desk().call("POST", userId, "?locale=nn", "{\"positions\":30,\"activated\":true}", "text/html",
                desk().bearer());

        assertEquals(201, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""), "the only copy of the codes is never cached");
        Document page = Jsoup.parse(response.body());
        assertEquals("nn", page.selectFirst("html").attr("lang"));
        Map<Integer, String> printed = page.select("td.code").stream()
                .collect(Collectors.toMap(cell -> Integer.parseInt(cell.attr("data-position")), Element::text));
        assertEquals(IntStream.rangeClosed(1, 30).boxed().collect(Collectors.toSet()), printed.keySet(), "each position printed once");
        assertTrue(printed.values().stream().allMatch(code -> code.matches("[0-9]{6}")), printed.toString());
        // The printed numbers are the card's: the one at the position the sign-in asks signs the customer in.
        Page challenge = PasswordStep.signIn(new Browser(urls.getBase()), OidcClient.demo(realm.getBaseUrl()), "desk-print", "Customer-password-1");
        Page answered = CodeCardStep.answer(challenge, printed.get(CodeCardStep.askedPosition(challenge)));
        assertNotNull(answered.redirectedAwayTo(), answered.body());
        String logged = log.sinceMark();
        assertTrue(printed.values().stream().noneMatch(code -> Pattern.compile("(?<![0-9A-Za-z])" + code + "(?![0-9A-Za-z])").matcher(logged).find()),
                "a printed number is in the server log");
        assertEquals("Kari O'Kort", page.getElementById("holder").text());
        assertTrue(response.body().contains("Kari O&#39;Kort"), "names are escaped into the page, never raw markup");
        assertEquals(desk().cards(userId).get(0).get("serial"), page.getElementById("serial").text());
        assertTrue(response.body().contains(ThemeMessages.of("nn").text("codeCardSerialLabel")));
        assertTrue(page.select("script").isEmpty());
    }

    @Test
    void refusesWhatItCannotServeWithJsonErrors() {
        String userId = customer("desk-errors");

        HttpResponse<String> unknownUser = desk().call("POST", "no-such-user-id", "", "application/json", desk().bearer());
        assertEquals(404, unknownUser.statusCode());
        assertEquals("user_not_found", CodeCardDesk.json(unknownUser.body()).get("error"));

        HttpResponse<String> malformed = desk().call("POST", userId, "{positions: lots", "application/json", desk().bearer());
        assertEquals(400, malformed.statusCode());
        assertEquals("invalid_request", CodeCardDesk.json(malformed.body()).get("error"));

        HttpResponse<String> belowMinimum = desk().call("POST", userId, "{\"digits\":3,\"positions\":1000}", "application/json", desk().bearer());
        assertEquals(400, belowMinimum.statusCode());
        String description = (String) CodeCardDesk.json(belowMinimum.body()).get("error_description");
        assertTrue(description.contains("digits") && description.contains("positions"), description);

        HttpResponse<String> nothingToRevoke = desk().revoke(userId);
        assertEquals(404, nothingToRevoke.statusCode());
        assertEquals("no_usable_card", CodeCardDesk.json(nothingToRevoke.body()).get("error"));

        assertEquals(401, desk().call("POST", userId, "", "application/json", null).statusCode());

        try (RoleLessClient plainUser = RoleLessClient.in(realm, "not-an-admin")) {
            String plainToken = plainUser.token();
            HttpResponse<String> forbidden = desk().call("POST", userId, "", "application/json", plainToken);
            assertEquals(403, forbidden.statusCode(), forbidden.body());
            assertEquals(403, desk().call("GET", userId, null, "application/json", plainToken).statusCode());
        }
        assertTrue(desk().cards(userId).isEmpty(), "no refused call may have issued a card");
    }

    private String customer(String username) {
        return Customers.addNamed(realm, username, "Customer-password-1", "O'Kort");
    }

    private String storedCredentials(String userId) {
        HttpResponse<String> response = new CodeCardDesk(urls.getBase(), realm.getName(), admin)
                .callPath("GET", "/admin/realms/" + realm.getName() + "/test-stored-credentials/users/" + userId);
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private CodeCardDesk desk() {
        return new CodeCardDesk(urls.getBase(), realm.getName(), admin);
    }
}
