package io.nordicsca.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.keycloak.admin.client.Keycloak;
import org.keycloak.util.JsonSerialization;

/** The bank's code card desk: the admin REST endpoints, called as an admin tool would, with a bearer token. */
public class CodeCardDesk {

    private final String keycloakBaseUrl;
    private final String baseUrl;
    private final String realm;
    private final Keycloak admin;

    public CodeCardDesk(String keycloakBaseUrl, String realm, Keycloak admin) {
        this.keycloakBaseUrl = keycloakBaseUrl;
        this.baseUrl = keycloakBaseUrl + "/admin/realms/" + realm + "/nordic-sca-code-cards/users/";
        this.realm = realm;
        this.admin = admin;
    }

    /** An issued card as the JSON answer gives it. */
    public record Card(String serial, String status, int positions, int digits, Map<String, String> codes) {

        public String code(int position) {
            return codes.get(String.valueOf(position));
        }
    }

    /** Issues a card; {@code body} is the JSON request ("" for the realm's defaults). */
    @SuppressWarnings("unchecked")
    public Card issue(String userId, String body) {
        HttpResponse<String> response = call("POST", userId, body, "application/json", bearer());
        if (response.statusCode() != 201) {
            throw new AssertionError("issue answered " + response.statusCode() + ": " + response.body());
        }
        Map<String, Object> json = json(response.body());
        return new Card((String) json.get("serial"), (String) json.get("status"), (Integer) json.get("positions"),
                (Integer) json.get("digits"), (Map<String, String>) json.get("codes"));
    }

    /** A card the bank activated at the counter (identity checked in the branch). */
    public Card issueActivated(String userId, int positions) {
        return issue(userId, "{\"positions\":" + positions + ",\"activated\":true}");
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> cards(String userId) {
        HttpResponse<String> response = call("GET", userId, null, "application/json", bearer());
        if (response.statusCode() != 200) {
            throw new AssertionError("list answered " + response.statusCode() + ": " + response.body());
        }
        try {
            return JsonSerialization.readValue(response.body(), List.class);
        } catch (IOException e) {
            throw new AssertionError(response.body(), e);
        }
    }

    public HttpResponse<String> revoke(String userId) {
        return call("DELETE", userId, null, "application/json", bearer());
    }

    /** Any call, with the token of your choice (null for none), to see what the endpoint answers. */
    public HttpResponse<String> call(String method, String userId, String body, String accept, String bearerToken) {
        return call(method, userId, "", body, accept, bearerToken);
    }

    /** As {@link #call(String, String, String, String, String)} with a query string such as "?locale=nn". */
    public HttpResponse<String> call(String method, String userId, String query, String body, String accept, String bearerToken) {
        return send(URI.create(baseUrl + userId + query), method, body, accept, bearerToken);
    }

    /** A call to any admin path (such as the test server's stored-credentials inspector), as this admin. */
    public HttpResponse<String> callPath(String method, String path) {
        return callPath(method, path, null);
    }

    /** As {@link #callPath(String, String)}, with a JSON body (null for none). */
    public HttpResponse<String> callPath(String method, String path, String body) {
        return send(URI.create(keycloakBaseUrl + path), method, body, "application/json", bearer());
    }

    private HttpResponse<String> send(URI uri, String method, String body, String accept, String bearerToken) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Accept", accept)
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

    public String realm() {
        return realm;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> json(String body) {
        try {
            return JsonSerialization.readValue(body, Map.class);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
