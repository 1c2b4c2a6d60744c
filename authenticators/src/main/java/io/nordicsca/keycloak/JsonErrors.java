package io.nordicsca.keycloak;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * How every REST endpoint of ours refuses (the device API, the code card and lockout desks): an
 * OAuth-style JSON body, as Keycloak's own endpoints answer ({@code error}, {@code error_description}),
 * with any further fields a client needs to act on the error (e.g. {@code activeFrom}).
 */
public final class JsonErrors {

    private JsonErrors() {
    }

    public static Response response(Response.Status status, String error, String description) {
        return response(status.getStatusCode(), error, description, Map.of());
    }

    public static Response response(int status, String error, String description) {
        return response(status, error, description, Map.of());
    }

    /** The error with further fields; {@code error} and {@code error_description} always say what went wrong, whatever the fields hold. */
    public static Response response(int status, String error, String description, Map<String, Object> fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        fields.forEach(body::putIfAbsent);
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    /** The same error, thrown: JAX-RS answers with it and Keycloak rolls the request's transaction back. */
    public static WebApplicationException failure(Response.Status status, String error, String description) {
        return new WebApplicationException(response(status, error, description));
    }
}
