package io.nordicsca.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

class JsonErrorsTest {

    @Test
    void anErrorIsOAuthStyleJson() {
        Response response = JsonErrors.response(Response.Status.BAD_REQUEST, "invalid_reason", "A reason is required.");
        assertEquals(400, response.getStatus());
        assertEquals(MediaType.APPLICATION_JSON_TYPE, response.getMediaType());
        assertEquals(Map.of("error", "invalid_reason", "error_description", "A reason is required."), response.getEntity());
    }

    @Test
    void furtherFieldsComeAfterTheErrorAndNeverReplaceIt() {
        Response response = JsonErrors.response(403, "not_active_yet", "this device can be used later",
                Map.of("activeFrom", 1_800_000_000L, "error", "something else"));
        assertEquals(403, response.getStatus());
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) response.getEntity();
        assertEquals(List.of("error", "error_description", "activeFrom"), List.copyOf(body.keySet()));
        assertEquals("not_active_yet", body.get("error"));
        assertEquals(1_800_000_000L, body.get("activeFrom"));
    }

    @Test
    void aFailureIsThrownWithTheSameAnswer() {
        WebApplicationException failure = JsonErrors.failure(Response.Status.NOT_FOUND, "user_not_found", "No such user in this realm.");
        assertEquals(404, failure.getResponse().getStatus());
        assertEquals(Map.of("error", "user_not_found", "error_description", "No such user in this realm."), failure.getResponse().getEntity());
        assertEquals(MediaType.APPLICATION_JSON_TYPE, failure.getResponse().getMediaType());
    }
}
