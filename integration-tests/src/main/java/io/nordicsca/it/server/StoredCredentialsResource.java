package io.nordicsca.it.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * Test server only (never in the demo or the image): a user's credentials exactly as Keycloak
 * stores them, secret data included, so a test can prove what the database holds; and a way to
 * rewrite one's credential data, as a database administrator could, so a test can move a stored
 * time (say, the end of an activation delay) into the past instead of waiting for it.
 */
public class StoredCredentialsResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    StoredCredentialsResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    @GET
    @Path("users/{userId}")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, String>> stored(@PathParam("userId") String userId) {
        UserModel user = user(userId);
        return user.credentialManager().getStoredCredentialsStream().map(credential -> {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("id", credential.getId());
            row.put("type", credential.getType());
            row.put("credentialData", credential.getCredentialData());
            row.put("secretData", credential.getSecretData());
            return row;
        }).toList();
    }

    @PUT
    @Path("users/{userId}/credentials/{credentialId}/credential-data")
    @Consumes(MediaType.APPLICATION_JSON)
    public void rewrite(@PathParam("userId") String userId, @PathParam("credentialId") String credentialId, String credentialData) {
        UserModel user = user(userId);
        CredentialModel stored = user.credentialManager().getStoredCredentialById(credentialId);
        if (stored == null) {
            throw new NotFoundException();
        }
        stored.setCredentialData(credentialData);
        user.credentialManager().updateStoredCredential(stored);
    }

    private UserModel user(String userId) {
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null) {
            throw new NotFoundException();
        }
        auth.users().requireManage(user);
        return user;
    }
}
