package io.nordicsca.keycloak.callcentre;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

import io.nordicsca.keycloak.JsonErrors;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.keycloak.util.JsonSerialization;

/**
 * The call-centre API's JSON bodies, read once and checked before anything is looked up; a body that
 * is not what the API takes is a 400 JSON error naming the field, never a 500.
 */
final class CallCentreRequests {

    /** Our bodies are a few dozen bytes. */
    static final int MAX_BODY = 4096;

    private CallCentreRequests() {
    }

    /** {@code {"customer": "<user code or lookup attribute value>"}}: the name as given. */
    static String customer(InputStream body) {
        return field(body, "customer", CustomerLookup.MAX_HINT);
    }

    /** {@code {"code": "123456"}}: the code as typed; its form is the SMS step's to judge. */
    static String code(InputStream body) {
        return field(body, "code", 64);
    }

    private static String field(InputStream body, String name, int maxLength) {
        Object value = object(read(body)).get(name);
        if (!(value instanceof String text) || text.isBlank()) {
            throw invalid(name + " must be a non-empty string");
        }
        if (text.length() > maxLength) {
            throw invalid(name + " must be at most " + maxLength + " characters");
        }
        return text;
    }

    private static Map<?, ?> object(String json) {
        try {
            Object parsed = JsonSerialization.readValue(json, Object.class);
            if (parsed instanceof Map<?, ?> map) {
                return map;
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: refused below
        }
        throw invalid("the body must be a JSON object");
    }

    private static String read(InputStream body) {
        try {
            byte[] bytes = body == null ? new byte[0] : body.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw invalid("bodies are limited to " + MAX_BODY + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw invalid("unreadable body");
        }
    }

    static WebApplicationException invalid(String description) {
        return JsonErrors.failure(Response.Status.BAD_REQUEST, "invalid_request", description);
    }

    /**
     * What a name's count of keypad codes is kept under: a digest of the realm and the name as the
     * lookup reads it ({@link CustomerLookup#normalized}), in lower case (Keycloak matches usernames so,
     * and "Dana" and "dana " share one count); never the name, which may be a personal ID number.
     */
    static String hintKey(String realmId, String hint) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((realmId + "\n" + CustomerLookup.normalized(hint).toLowerCase(Locale.ROOT)).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
