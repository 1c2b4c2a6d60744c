package io.nordicsca.companion;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** One shared Jackson mapper: thread safe once configured, and costly to make. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The parsed document; IllegalArgumentException when it is not JSON. */
    static JsonNode parse(byte[] json) {
        try {
            return present(MAPPER.readTree(json));
        } catch (IOException e) {
            throw new IllegalArgumentException("Not JSON: " + e.getMessage(), e);
        }
    }

    static JsonNode parse(String json) {
        try {
            return present(MAPPER.readTree(json));
        } catch (IOException e) {
            throw new IllegalArgumentException("Not JSON: " + e.getMessage(), e);
        }
    }

    /** Jackson reads empty input as a missing node; for us that is no JSON at all. */
    private static JsonNode present(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            throw new IllegalArgumentException("Not JSON: empty");
        }
        return node;
    }

    /** A text field, or null when it is missing or JSON null. */
    static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
