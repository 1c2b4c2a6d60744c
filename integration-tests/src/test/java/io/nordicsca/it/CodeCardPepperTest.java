package io.nordicsca.it;

import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import io.nordicsca.it.support.Browser;
import io.nordicsca.it.support.CodeCardDesk;
import io.nordicsca.it.support.CodeCardStep;
import io.nordicsca.it.support.Customers;
import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.NordicScaServerConfig;
import io.nordicsca.it.support.OidcClient;
import io.nordicsca.it.support.Page;
import io.nordicsca.it.support.PasswordStep;
import io.nordicsca.it.support.ServerLog;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.server.KeycloakUrls;
import org.keycloak.util.JsonSerialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Code card cells sealed with the server's pepper (a secret outside the database): a copy of the
 * database alone cannot check a guess, and cards sealed before the pepper keep working.
 */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class CodeCardPepperTest {

    private static final String PASSWORD = "Customer-password-1";
    private static final int SALT_BYTES = 8;
    private static final int ITERATIONS = 1500;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    @InjectRealm(config = DemoRealm.class)
    ManagedRealm realm;

    @Test
    @SuppressWarnings("unchecked")
    void aCardIssuedNowCannotBeCheckedAgainstACopyOfTheDatabaseAlone() throws Exception {
        ServerLog log = ServerLog.mark();
        String userId = Customers.add(realm, "card-peppered", PASSWORD);
        CodeCardDesk.Card card = desk().issueActivated(userId, 10);

        Map<String, String> stored = storedCard(userId);
        Map<String, Object> data = JsonSerialization.readValue(stored.get("credentialData"), Map.class);
        List<String> cells = (List<String>) JsonSerialization.readValue(stored.get("secretData"), Map.class).get("cells");
        assertEquals(NordicScaServerConfig.CODE_CARD_PEPPER_ID, data.get("pepperId"), "the card names the pepper it was sealed with: " + data);
        assertEquals(NordicScaServerConfig.CODE_CARD_PEPPER_ID, desk().cards(userId).get(0).get("pepperId"), "the desk shows it, for rotation");
        int iterations = ((Number) data.get("iterations")).intValue();
        for (int position = 1; position <= 10; position++) {
            byte[] sealed = Base64.getDecoder().decode(cells.get(position - 1));
            byte[] salt = Arrays.copyOfRange(sealed, 0, SALT_BYTES);
            byte[] hash = Arrays.copyOfRange(sealed, SALT_BYTES, sealed.length);
            assertFalse(Arrays.equals(hash, pbkdf2(card.code(position), salt, iterations)),
                    "salt and hash from the database confirm the right code of position " + position + " only with the pepper");
        }
        String everything = stored + log.sinceMark();
        assertFalse(everything.contains(NordicScaServerConfig.CODE_CARD_PEPPER), "the pepper is neither stored nor logged");

        Page signedIn = CodeCardStep.answerRightly(signIn("card-peppered"), card);
        assertNotNull(signedIn.redirectedAwayTo(), "the peppered card signs in: " + signedIn.body());
    }

    @Test
    void aCardIssuedBeforeThePepperStillSignsIn() throws Exception {
        Map<String, String> codes = new LinkedHashMap<>();
        List<String> cells = new ArrayList<>();
        SecureRandom random = new SecureRandom();
        for (int position = 1; position <= 10; position++) {
            String code = String.format("%06d", random.nextInt(1_000_000));
            codes.put(String.valueOf(position), code);
            cells.add(sealAsBeforeThePepper(code, random));
        }
        // The card exactly as version 0.1.0 stored it: no pepper id, cells salted PBKDF2 of the code alone.
        CredentialRepresentation credential = new CredentialRepresentation();
        credential.setType("code-card");
        credential.setUserLabel("••4321 · 10/10 ✓");
        credential.setCreatedDate(System.currentTimeMillis());
        credential.setCredentialData(JsonSerialization.writeValueAsString(Map.of("serial", "8765 4321", "positions", 10, "digits", 6,
                "issuedAt", System.currentTimeMillis(), "status", "ACTIVE", "used", "", "algorithm", "pbkdf2-sha256", "iterations", ITERATIONS)));
        credential.setSecretData(JsonSerialization.writeValueAsString(Map.of("cells", cells)));
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType(CredentialRepresentation.PASSWORD);
        password.setValue(PASSWORD);
        password.setTemporary(false);
        UserRepresentation user = new UserRepresentation();
        user.setUsername("card-before-pepper");
        user.setEnabled(true);
        user.setFirstName("Kari");
        user.setLastName("Nordmann");
        user.setEmail("card-before-pepper@nordic-bank.example");
        user.setEmailVerified(true);
        user.setCredentials(List.of(password, credential));
        try (var created = realm.admin().users().create(user)) {
            assertEquals(201, created.getStatus());
        }

        CodeCardDesk.Card card = new CodeCardDesk.Card("8765 4321", "ACTIVE", 10, 6, codes);
        Page signedIn = CodeCardStep.answerRightly(signIn("card-before-pepper"), card);
        assertNotNull(signedIn.redirectedAwayTo(), "a card sealed before the pepper still signs in: " + signedIn.body());
        String userId = realm.admin().users().search("card-before-pepper", true).get(0).getId();
        assertTrue(storedCard(userId).get("credentialData").contains("\"used\":\""), "its used cell is recorded");
        assertFalse(storedCard(userId).get("credentialData").contains("pepperId\":\""), "and it is still the card it was");
    }

    private Page signIn(String username) {
        return PasswordStep.signIn(new Browser(urls.getBase()), OidcClient.demo(realm.getBaseUrl()), username, PASSWORD);
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> storedCard(String userId) throws Exception {
        HttpResponse<String> response = desk().callPath("GET", "/admin/realms/" + realm.getName() + "/test-stored-credentials/users/" + userId);
        assertEquals(200, response.statusCode(), response.body());
        List<Map<String, String>> rows = JsonSerialization.readValue(response.body(), List.class);
        return rows.stream().filter(row -> "code-card".equals(row.get("type"))).findFirst().orElseThrow();
    }

    private CodeCardDesk desk() {
        return new CodeCardDesk(urls.getBase(), realm.getName(), admin);
    }

    private static String sealAsBeforeThePepper(String code, SecureRandom random) throws Exception {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = pbkdf2(code, salt, ITERATIONS);
        byte[] sealed = Arrays.copyOf(salt, SALT_BYTES + hash.length);
        System.arraycopy(hash, 0, sealed, SALT_BYTES, hash.length);
        return Base64.getEncoder().encodeToString(sealed);
    }

    /** PBKDF2-HMAC-SHA256, 128 bits: what an attacker holding only the database can compute. */
    private static byte[] pbkdf2(String code, byte[] salt, int iterations) throws Exception {
        PBEKeySpec spec = new PBEKeySpec(code.toCharArray(), salt, iterations, 128);
        return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    }
}
