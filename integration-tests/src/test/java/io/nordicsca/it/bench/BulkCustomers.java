package io.nordicsca.it.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;

import io.nordicsca.companion.DeviceKeys;
import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.crypto.hash.Argon2Parameters;
import org.keycloak.crypto.hash.Argon2PasswordHashProvider;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.PartialImportRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.util.JsonSerialization;

/**
 * Thousands of benchmark customers in a few partial imports, with their credentials stored as
 * Keycloak stores them: a password hashed once here with Keycloak's default Argon2 parameters
 * (the server checks it at each login exactly as if it had hashed it, and finds nothing to
 * rehash), a TOTP secret, or an app-device credential for a key pair the driver holds. Creating
 * them one by one through the admin API would hash each password on the server.
 */
public final class BulkCustomers {

    private static final int BATCH = 500;
    private static PasswordCredentialModel hashed;

    private BulkCustomers() {
    }

    /** A customer with a complete profile and a fixed id, so a driver knows it without a search. */
    public static UserRepresentation customer(String username) {
        UserRepresentation user = new UserRepresentation();
        user.setId(UUID.randomUUID().toString());
        user.setUsername(username);
        user.setEnabled(true);
        user.setFirstName("Kari");
        user.setLastName("Nordmann");
        user.setEmail(username + "@nordic-bank.example");
        user.setEmailVerified(true);
        user.setCredentials(new ArrayList<>());
        return user;
    }

    /** {@link BenchFlows#PASSWORD}, hashed as the server would (once per run: every customer gets the same hash and salt). */
    public static synchronized CredentialRepresentation password() {
        if (hashed == null) {
            hashed = new Argon2PasswordHashProvider(Argon2Parameters.DEFAULT_VERSION, Argon2Parameters.DEFAULT_TYPE,
                    Argon2Parameters.DEFAULT_HASH_LENGTH, Argon2Parameters.DEFAULT_MEMORY, Argon2Parameters.DEFAULT_ITERATIONS,
                    Argon2Parameters.DEFAULT_PARALLELISM, new Semaphore(1)).encodedCredential(BenchFlows.PASSWORD, -1);
        }
        return stored(hashed.getType(), "Password", hashed.getCredentialData(), hashed.getSecretData());
    }

    /** Keycloak's authenticator app (TOTP, the realm's default policy) with this secret. */
    public static CredentialRepresentation totp(String secret) {
        OTPCredentialModel totp = OTPCredentialModel.createTOTP(secret, 6, 30, "HmacSHA1");
        return stored(totp.getType(), "Authenticator app", totp.getCredentialData(), totp.getSecretData());
    }

    /** An active phone of the bank's app with this credential id, holding {@code keys}. */
    public static CredentialRepresentation appDevice(String credentialId, DeviceKeys keys) {
        try {
            String data = JsonSerialization.writeValueAsString(Map.of("publicKey", keys.publicJwk(), "name", "Bench phone",
                    "platform", "cli", "status", "ACTIVE", "activeFrom", 0));
            CredentialRepresentation phone = stored("app-device", "Bench phone", data, "{}");
            phone.setId(credentialId);
            return phone;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Imports the customers, {@value #BATCH} per partial import. */
    public static void importAll(RealmResource realm, List<UserRepresentation> users) {
        for (int from = 0; from < users.size(); from += BATCH) {
            PartialImportRepresentation partial = new PartialImportRepresentation();
            partial.setIfResourceExists("SKIP");
            partial.setUsers(users.subList(from, Math.min(users.size(), from + BATCH)));
            try (Response response = realm.partialImport(partial)) {
                if (response.getStatus() != 200) {
                    throw new AssertionError("partial import answered " + response.getStatus() + ": " + response.readEntity(String.class));
                }
            }
        }
    }

    private static CredentialRepresentation stored(String type, String label, String credentialData, String secretData) {
        CredentialRepresentation credential = new CredentialRepresentation();
        credential.setType(type);
        credential.setUserLabel(label);
        credential.setCreatedDate(System.currentTimeMillis());
        credential.setCredentialData(credentialData);
        credential.setSecretData(secretData);
        return credential;
    }
}
