package io.nordicsca.it.support;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import jakarta.ws.rs.core.Response;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * A valid bearer token of the realm that holds no admin role: a confidential client's service
 * account (client credentials), which admin endpoints must refuse with 403. Customer realms issue
 * no token on a password alone, so this is how a test gets a signed-in caller without rights.
 * The client is removed on close.
 */
public final class RoleLessClient implements AutoCloseable {

    private final ManagedRealm realm;
    private final String id;
    private final String token;

    private RoleLessClient(ManagedRealm realm, String id, String token) {
        this.realm = realm;
        this.id = id;
        this.token = token;
    }

    public static RoleLessClient in(ManagedRealm realm, String clientId) {
        return withRoles(realm, clientId);
    }

    /**
     * As {@link #in}, but the service account holds exactly these roles of the realm's
     * realm-management client (e.g. view-users): a caller with some admin rights and not others.
     */
    public static RoleLessClient withRoles(ManagedRealm realm, String clientId, String... realmManagementRoles) {
        String secret = "role-less-" + clientId + "-secret-0123456789";
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(clientId);
        client.setPublicClient(false);
        client.setSecret(secret);
        client.setServiceAccountsEnabled(true);
        client.setStandardFlowEnabled(false);
        String id;
        try (Response created = realm.admin().clients().create(client)) {
            if (created.getStatus() != 201) {
                throw new AssertionError("could not create client " + clientId + ": " + created.getStatus());
            }
            id = created.getLocation().getPath().replaceAll(".*/", "");
        }
        if (realmManagementRoles.length > 0) {
            var clients = realm.admin().clients();
            String managementId = clients.findByClientId("realm-management").get(0).getId();
            String accountId = clients.get(id).getServiceAccountUser().getId();
            realm.admin().users().get(accountId).roles().clientLevel(managementId).add(java.util.Arrays.stream(realmManagementRoles)
                    .map(role -> clients.get(managementId).roles().get(role).toRepresentation()).toList());
        }
        HttpResponse<String> answer = Http.send(HttpRequest.newBuilder(URI.create(realm.getBaseUrl() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + clientId + "&client_secret=" + secret))
                .build());
        Object token = CodeCardDesk.json(answer.body()).get("access_token");
        if (!(token instanceof String)) {
            throw new AssertionError("no service-account token: " + answer.body());
        }
        return new RoleLessClient(realm, id, (String) token);
    }

    public String token() {
        return token;
    }

    @Override
    public void close() {
        realm.admin().clients().get(id).remove();
    }
}
