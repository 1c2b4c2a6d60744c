package io.nordicsca.it;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.nordicsca.it.support.CodeCardDesk;
import io.nordicsca.it.support.Customers;
import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.NordicScaServerConfig;
import io.nordicsca.it.support.TestDatabases;
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

/**
 * The suite's Keycloak really stores in PostgreSQL: looked up the way a reviewer would, by
 * connecting to the {@code suite} database that test.sh started (scripts/postgresql.sh) and finding
 * what this test made through Keycloak's API. Run outside test.sh (no NORDIC_SCA_PG_* settings),
 * it fails rather than skips: a suite that silently fell back to H2 must not look green.
 */
@KeycloakIntegrationTest(config = NordicScaServerConfig.class)
public class SuiteDatabaseTest {

    private static final String PASSWORD = "Customer-password-1";

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    @InjectRealm(config = DemoRealm.class)
    ManagedRealm realm;

    @Test
    void aRealmAndACustomerMadeThroughKeycloakAreRowsInTheSuitesPostgreSQLDatabase() throws SQLException {
        String userId = Customers.add(realm, "stored-in-postgresql", PASSWORD);

        try (Connection db = suiteDatabase()) {
            assertEquals("PostgreSQL", db.getMetaData().getDatabaseProductName());
            String realmId = single(db, "SELECT id FROM realm WHERE name = ?", realm.getName());
            assertNotNull(realmId, "the test's realm " + realm.getName() + " is a row of REALM in PostgreSQL");
            assertEquals(realmId, single(db, "SELECT realm_id FROM user_entity WHERE id = ?", userId),
                    "the customer Keycloak just created is a row of USER_ENTITY in that realm");
            assertEquals("stored-in-postgresql", single(db, "SELECT username FROM user_entity WHERE id = ?", userId));
        }
    }

    @Test
    void aCustomersPasswordAndCodeCardAreStoredInPostgreSQLOnlyAsHashes() throws SQLException {
        String userId = Customers.add(realm, "secrets-in-postgresql", PASSWORD);
        CodeCardDesk.Card card = new CodeCardDesk(urls.getBase(), realm.getName(), admin).issueActivated(userId, 10);

        try (Connection db = suiteDatabase()) {
            Map<String, String> secretByType = new LinkedHashMap<>();
            try (PreparedStatement query = db.prepareStatement("SELECT type, secret_data FROM credential WHERE user_id = ?")) {
                query.setString(1, userId);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        secretByType.put(rows.getString(1), rows.getString(2));
                    }
                }
            }
            assertEquals(2, secretByType.size(), "a password and a code card row in CREDENTIAL: " + secretByType.keySet());
            String password = secretByType.get("password");
            assertNotNull(password, "the password is a CREDENTIAL row");
            assertFalse(password.contains(PASSWORD), "the stored password is not the plain password");
            assertTrue(password.contains("\"value\""), "it holds a hash: " + password.length() + " characters of secret data");
            String cells = secretByType.get("code-card");
            assertNotNull(cells, "the code card is a CREDENTIAL row");
            for (int position = 1; position <= 10; position++) {
                assertFalse(cells.contains(card.code(position)), "position " + position + "'s code is not stored as it is printed");
            }
        }
    }

    private static Connection suiteDatabase() throws SQLException {
        return TestDatabases.connect(TestDatabases.SUITE);
    }

    private static String single(Connection db, String sql, String parameter) throws SQLException {
        return TestDatabases.single(db, sql, parameter);
    }
}
