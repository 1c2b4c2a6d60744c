package io.nordicsca.theme;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our login theme's template.ftl is made by the build from keycloak.v2's (see the theme's pom): the
 * read-only username above each later step gets a label that points at it, and nothing else changes,
 * so Keycloak's page frame (scripts, language menu, session checks) stays exactly the server's.
 */
class LoginTemplateTest {

    private static final String KEYCLOAK_LABEL = "<@field.group name=\"username\" label=label>";
    private static final String OUR_LABEL = "<@field.group name=\"kc-attempted-username\" label=label>";

    @Test
    void theKnownUsernameIsLabelledByItsOwnIdAndTheRestIsKeycloaksTemplate() {
        String keycloak = read("theme/keycloak.v2/login/template.ftl");
        String ours = read("theme/nordic-sca/login/template.ftl");

        assertFalse(ours.contains(KEYCLOAK_LABEL), "the label for=\"username\" points at no field on the later steps");
        String field = ours.substring(ours.indexOf(OUR_LABEL));
        assertTrue(field.indexOf("<input id=\"kc-attempted-username\"") > 0
                && field.indexOf("<input id=\"kc-attempted-username\"") < field.indexOf("</@field.group>"),
                "the label's group holds the input it names");
        assertEquals(keycloak.replace(KEYCLOAK_LABEL, OUR_LABEL), ours, "only the label differs from Keycloak's template");
    }

    private static String read(String resource) {
        try (InputStream in = LoginTemplateTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, resource + " is not on the class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
