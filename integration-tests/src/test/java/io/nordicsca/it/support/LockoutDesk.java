package io.nordicsca.it.support;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.keycloak.admin.client.Keycloak;

/** The bank's lockout desk, {@code /admin/realms/{realm}/nordic-sca-lockout}, called as an admin tool would, with a bearer token. */
public class LockoutDesk {

    private final String baseUrl;
    private final Keycloak admin;

    public LockoutDesk(String keycloakBaseUrl, String realm, Keycloak admin) {
        this.baseUrl = keycloakBaseUrl + "/admin/realms/" + realm + "/nordic-sca-lockout/users/";
        this.admin = admin;
    }

    /** The desk's view of a customer, as this admin. */
    public Map<String, Object> view(String userId) {
        return ok(call("GET", userId, null, bearer()));
    }

    public Map<String, Object> unlock(String userId, String factor, String reason) {
        return ok(change(userId, factor, "unlock", "{\"reason\":\"" + reason + "\"}", bearer()));
    }

    public Map<String, Object> lock(String userId, String factor, String reason) {
        return ok(change(userId, factor, "lock", "{\"reason\":\"" + reason + "\"}", bearer()));
    }

    /** A lock or unlock call with any body and token (null for none), to see what the desk answers. */
    public HttpResponse<String> change(String userId, String factor, String action, String body, String bearerToken) {
        return call("POST", userId + "/factors/" + factor + "/" + action, body, bearerToken);
    }

    public HttpResponse<String> call(String method, String path, String body, String bearerToken) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        return Http.send(request.build());
    }

    public String bearer() {
        return admin.tokenManager().getAccessTokenString();
    }

    /** The desk page's texts in this language, as the page itself loads them (from the admin realm {@code master}). */
    public static Map<String, Object> pageTexts(String keycloakBaseUrl, String locale) {
        return CodeCardDesk.json(Http.send(HttpRequest.newBuilder(URI.create(keycloakBaseUrl + "/realms/master/nordic-sca-desk/texts?locale=" + locale))
                .build()).body());
    }

    /** The texts the admin console itself loads for this language (its i18n endpoint: a list of key and value). */
    @SuppressWarnings("unchecked")
    public static Map<String, String> adminConsoleTexts(String keycloakBaseUrl, String locale) {
        String body = Http.send(HttpRequest.newBuilder(URI.create(keycloakBaseUrl + "/resources/master/admin/" + locale)).build()).body();
        try {
            List<Map<String, String>> entries = org.keycloak.util.JsonSerialization.readValue(body, List.class);
            Map<String, String> texts = new java.util.HashMap<>();
            entries.forEach(entry -> texts.put(entry.get("key"), entry.get("value")));
            return texts;
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    /** One factor's entry of a view: factor, state, until, failures, since, by, reason. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> factor(Map<String, Object> view, String factor) {
        return ((List<Map<String, Object>>) view.get("factors")).stream().filter(entry -> factor.equals(entry.get("factor")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + factor + " in " + view));
    }

    private static Map<String, Object> ok(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new AssertionError("the desk answered " + response.statusCode() + ": " + response.body());
        }
        return CodeCardDesk.json(response.body());
    }
}
