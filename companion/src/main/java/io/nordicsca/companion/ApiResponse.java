package io.nordicsca.companion;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the device API answered, unjudged: the low-level calls return it as is so that tests can
 * look at refusals (replays, bad signatures) as closely as at successes.
 */
public record ApiResponse(int status, String body) {

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** The body as JSON; a DeviceApiException when it is not JSON (a proxy's HTML page, say). */
    public JsonNode json() {
        try {
            return Json.parse(body == null ? "" : body);
        } catch (IllegalArgumentException e) {
            throw new DeviceApiException(status, "invalid_response", "The answer is not JSON: " + snippet());
        }
    }

    /** The {@code error} of an error answer, or null when there is none. */
    public String error() {
        JsonNode json = jsonOrNull();
        return json == null ? null : Json.textOrNull(json, "error");
    }

    /** The {@code error_description} of an error answer, or null when there is none. */
    public String errorDescription() {
        JsonNode json = jsonOrNull();
        return json == null ? null : Json.textOrNull(json, "error_description");
    }

    /** True when the answer says {@code "lastAttempt": true}: the next wrong answer blocks the app. */
    public boolean lastAttempt() {
        JsonNode json = jsonOrNull();
        return json != null && json.path("lastAttempt").asBoolean(false);
    }

    /** This answer as an exception; for non-JSON bodies the error is {@code http_<status>}. */
    public DeviceApiException toException() {
        String error = error();
        if (error == null) {
            return new DeviceApiException(status, "http_" + status, snippet());
        }
        return new DeviceApiException(status, error, errorDescription(), lastAttempt());
    }

    private JsonNode jsonOrNull() {
        try {
            JsonNode json = Json.parse(body == null ? "" : body);
            return json != null && json.isObject() ? json : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private String snippet() {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        String flat = body.strip().replaceAll("\\s+", " ");
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "…";
    }
}
