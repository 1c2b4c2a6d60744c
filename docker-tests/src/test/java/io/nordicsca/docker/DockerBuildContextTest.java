package io.nordicsca.docker;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The build context the image test sends is what {@code docker build -f docker/Dockerfile .} would use: every
 * file the Dockerfile copies, nothing .dockerignore leaves out. Needs no Docker engine:
 * {@code ./mvnw -B -Pdocker -pl docker-tests test -Dtest=DockerBuildContextTest}.
 */
class DockerBuildContextTest {

    @Test
    void theContextHoldsEverySourceTheDockerfileCopiesAndNoBuildOutputOrSecrets() {
        List<String> files = DockerBuildContext.contextFiles();

        assertTrue(files.containsAll(List.of("mvnw", "pom.xml", ".mvn/wrapper/maven-wrapper.properties",
                "authenticators/pom.xml", "themes/pom.xml", "companion/pom.xml", "integration-tests/pom.xml",
                "realm-config/nordic-bank-realm.json")), "context: " + files);
        assertTrue(files.stream().anyMatch(file -> file.startsWith("authenticators/src/main/java/")));
        assertTrue(files.stream().anyMatch(file -> file.startsWith("themes/src/main/resources/theme/nordic-sca/")));
        assertFalse(files.stream().anyMatch(file -> file.contains("/target/") || file.startsWith("target/")),
                "stale build output would reach the image's build");
        assertFalse(files.stream().anyMatch(file -> file.startsWith("docker/") || file.startsWith(".demo/")),
                "the Dockerfile copies nothing from docker/ or .demo/, where the secrets are");
    }

    @Test
    void theImageTestRunsThePostgresqlImageOfTheComposeFile() {
        assertTrue(ContainerImageTest.composePostgresImage().matches("postgres:\\d+(\\.\\d+)*"),
                ContainerImageTest.composePostgresImage());
    }

    @Test
    void dockerignorePatternsAreAppliedAsDockerReadsThem() {
        List<String> ignored = DockerBuildContext.ignoredPatterns("# comment\n**/target/\n.demo/\ndocker/.env\n");
        assertEquals(List.of("**/target", ".demo", "docker/.env"), ignored);
        assertTrue(DockerBuildContext.isIgnored(Path.of("themes/target/classes/x.css"), ignored));
        assertTrue(DockerBuildContext.isIgnored(Path.of("target/x"), ignored));
        assertTrue(DockerBuildContext.isIgnored(Path.of("docker/.env"), ignored));
        assertFalse(DockerBuildContext.isIgnored(Path.of("docker/.env.example"), ignored));
        assertFalse(DockerBuildContext.isIgnored(Path.of("authenticators/src/main/java/Targets.java"), ignored));
    }
}
