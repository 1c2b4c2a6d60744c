package io.nordicsca.it.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The tests' PostgreSQL (scripts/postgresql.sh), read directly, the way a reviewer checks what
 * Keycloak stored without going through Keycloak and its caches. Without the settings test.sh
 * exports, a test fails rather than skips: a suite that silently fell back to H2 must not look green.
 */
public final class TestDatabases {

    /** The single-node suite's database. */
    public static final String SUITE = "suite";
    /** The two-node cluster's database. */
    public static final String CLUSTER = "cluster";

    private TestDatabases() {
    }

    public static Connection connect(String database) throws SQLException {
        String port = System.getenv("NORDIC_SCA_PG_PORT");
        String user = System.getenv("NORDIC_SCA_PG_USER");
        String password = System.getenv("NORDIC_SCA_PG_PASSWORD");
        if (port == null || user == null || password == null) {
            fail("NORDIC_SCA_PG_PORT, NORDIC_SCA_PG_USER and NORDIC_SCA_PG_PASSWORD are not set: run the integration tests "
                    + "through ./test.sh, which starts the tests' PostgreSQL (scripts/postgresql.sh) and exports them");
        }
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, user, password);
    }

    /** The first column of the first row, or null when there is none. */
    public static String single(Connection db, String sql, String... parameters) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setString(i + 1, parameters[i]);
            }
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }
}
