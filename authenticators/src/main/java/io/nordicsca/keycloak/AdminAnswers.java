package io.nordicsca.keycloak;

import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * What our admin REST endpoints share: finding the user a call is about (their errors are
 * {@link JsonErrors}).
 */
public final class AdminAnswers {

    private AdminAnswers() {
    }

    /**
     * The realm's user with this id, or 404. A user of another realm is not found here. A caller
     * who may not even query users gets 403 first, so the answer never tells them whether the id exists.
     */
    public static UserModel user(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, String userId) {
        UserModel user = userId == null ? null : session.users().getUserById(realm, userId);
        if (user == null) {
            auth.users().requireQuery();
            throw JsonErrors.failure(Response.Status.NOT_FOUND, "user_not_found", "No such user in this realm.");
        }
        return user;
    }
}
