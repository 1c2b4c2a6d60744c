package io.nordicsca.keycloak.lockout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Lockout is one capability under the others: the factor steps call it, it calls none of them
 * (it finds the steps through {@link FactorStep}), so a rule of lockout is written once.
 */
class LockoutImportsTest {

    private static final Path LOCKOUT = Path.of("src/main/java/io/nordicsca/keycloak/lockout");
    private static final Pattern CAPABILITY = Pattern.compile("io\\.nordicsca\\.keycloak\\.(codecard|sms|app|callcentre|payment|desk|enrollment)\\b");

    @Test
    void lockoutNamesNoCapabilityPackage() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(LOCKOUT)) {
            sources = files.filter(f -> f.toString().endsWith(".java")).toList();
        }
        assertTrue(sources.size() > 10, "lockout's sources are found: " + sources.size());
        List<String> found = sources.stream().flatMap(LockoutImportsTest::capabilityReferences).toList();
        assertEquals(List.of(), found);
    }

    @Test
    void theCheckSeesAReference() {
        assertEquals(1, capabilityReferences("import io.nordicsca.keycloak.sms.SmsCodes;", Path.of("X.java")).count());
        assertEquals(0, capabilityReferences("import io.nordicsca.keycloak.secondfactor.SmsPage;", Path.of("X.java")).count());
    }

    private static Stream<String> capabilityReferences(Path source) {
        try {
            return capabilityReferences(Files.readString(source), source);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Stream<String> capabilityReferences(String text, Path source) {
        Matcher m = CAPABILITY.matcher(text);
        Stream.Builder<String> found = Stream.builder();
        while (m.find()) {
            found.add(source.getFileName() + ": " + m.group());
        }
        return found.build();
    }
}
