package io.nordicsca.keycloak.callcentre;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.nordicsca.keycloak.JsonErrors;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
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
     * What a name's count of keypad codes is kept under: an HMAC, under the realm's own secret, of the
     * name as the lookup reads it ({@link CustomerLookup#normalized}) in lower case (Keycloak matches
     * usernames so: "Dana" and "dana " share one count). Never the name, which may be a personal ID
     * number, and no plain digest either: such a number has so few possible values that its digest
     * gives it back. The secret is the realm's active HMAC key of Keycloak's own internal tokens
     * ({@link Constants#INTERNAL_SIGNATURE_ALGORITHM}, HS512, which every realm has, made by Keycloak when
     * missing); when the key changes, the counts start afresh. No key: a server fault (503), never a
     * key without a secret.
     */
    static String hintKey(KeycloakSession session, RealmModel realm, String hint) {
        KeyWrapper key = session.keys().getActiveKey(realm, KeyUse.SIG, Constants.INTERNAL_SIGNATURE_ALGORITHM);
        if (key == null || key.getSecretKey() == null || key.getSecretKey().getEncoded() == null) {
            throw new IllegalStateException("the realm has no active HMAC key");
        }
        return hintKey(key.getSecretKey().getEncoded(), realm.getId(), hint);
    }

    static String hintKey(byte[] secret, String realmId, String hint) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            // Labelled, so that this HMAC is no other use's of the same key.
            byte[] digest = mac.doFinal(("nordic-sca.keypad.hint\n" + realmId + "\n" + CustomerLookup.normalized(hint).toLowerCase(Locale.ROOT))
                    .getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
