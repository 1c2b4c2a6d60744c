package io.nordicsca.keycloak;

import java.util.Map;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * What our admin REST endpoints share: errors as OAuth-style JSON ({@code error},
 * {@code error_description}) and finding the user a call is about.
 */
public final class AdminAnswers {

    private AdminAnswers() {
    }

    public static Response error(Response.Status status, String error, String description) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", error, "error_description", description)).build();
    }

    /** The same error, thrown: JAX-RS answers with it and Keycloak rolls the transaction back. */
    public static WebApplicationException failure(Response.Status status, String error, String description) {
        return new WebApplicationException(error(status, error, description));
    }

    /**
     * The realm's user with this id, or 404. A user of another realm is not found here. A caller
     * who may not even query users gets 403 first, so the answer never tells them whether the id exists.
     */
    public static UserModel user(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, String userId) {
        UserModel user = userId == null ? null : session.users().getUserById(realm, userId);
        if (user == null) {
            auth.users().requireQuery();
            throw failure(Response.Status.NOT_FOUND, "user_not_found", "No such user in this realm.");
        }
        return user;
    }
}
