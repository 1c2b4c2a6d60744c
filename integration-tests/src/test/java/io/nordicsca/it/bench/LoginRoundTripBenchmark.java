package io.nordicsca.it.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.nordicsca.it.support.Browser;
import io.nordicsca.it.support.CodeCardDesk;
import io.nordicsca.it.support.CodeCardStep;
import io.nordicsca.it.support.Customers;
import io.nordicsca.it.support.DemoRealm;
import io.nordicsca.it.support.OidcClient;
import io.nordicsca.it.support.Page;
import io.nordicsca.it.support.PasswordStep;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.models.utils.TimeBasedOTP;
import org.keycloak.representations.idm.AuthenticationExecutionExportRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.RealmConfig;
import org.keycloak.testframework.server.KeycloakUrls;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Load driver, not a test (excluded from ./test.sh): full browser-flow logins on the real server,
 * password then code card against password then Keycloak's OTP form, interleaved in blocks so
 * both see the same machine state. Run:
 * {@code ./mvnw -B verify -pl integration-tests -am -Dtest=LoginRoundTripBenchmark -DexcludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("benchmark")
@KeycloakIntegrationTest(config = BenchmarkServerConfig.class)
public class LoginRoundTripBenchmark {

    private static final int LOGINS_PER_FLOW = Integer.getInteger("bench.logins", 200);
    private static final int WARM_UP_PER_FLOW = 30;
    private static final int BLOCK = 10;
    private static final String PASSWORD = "Bench-password-1";
    private static final String CARD_FLOW = "nordic-bank browser";
    private static final String OTP_FLOW = "bench otp browser";

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    @InjectRealm(config = BenchRealm.class)
    ManagedRealm realm;

    /** The demo realm plus a copy of its browser flow with Keycloak's OTP form in the code card's place. */
    public static class BenchRealm implements RealmConfig {

        @Override
        public RealmBuilder configure(RealmBuilder ignored) {
            RealmRepresentation realm = DemoRealm.load();
            // Brute-force detection stays on, as in a bank's realm: its bookkeeping and our guess budget are part of the cost.
            realm.getAuthenticatorConfig().get(0).getConfig().put("lowCellsThreshold", "0");
            AuthenticationFlowRepresentation forms = realm.getAuthenticationFlows().get(1);
            AuthenticationFlowRepresentation top = realm.getAuthenticationFlows().get(0);

            AuthenticationFlowRepresentation otpForms = copy(forms, "bench otp forms");
            AuthenticationExecutionExportRepresentation otp = otpForms.getAuthenticationExecutions().get(1);
            otp.setAuthenticator("auth-otp-form");
            otp.setAuthenticatorConfig(null);
            AuthenticationFlowRepresentation otpTop = copy(top, OTP_FLOW);
            otpTop.getAuthenticationExecutions().get(1).setFlowAlias("bench otp forms");
            realm.getAuthenticationFlows().addAll(List.of(otpTop, otpForms));
            return RealmBuilder.update(realm);
        }

        private static AuthenticationFlowRepresentation copy(AuthenticationFlowRepresentation flow, String alias) {
            AuthenticationFlowRepresentation copy = new AuthenticationFlowRepresentation();
            copy.setAlias(alias);
            copy.setProviderId(flow.getProviderId());
            copy.setTopLevel(flow.isTopLevel());
            copy.setBuiltIn(false);
            List<AuthenticationExecutionExportRepresentation> executions = new ArrayList<>();
            for (AuthenticationExecutionExportRepresentation e : flow.getAuthenticationExecutions()) {
                AuthenticationExecutionExportRepresentation c = new AuthenticationExecutionExportRepresentation();
                c.setAuthenticator(e.getAuthenticator());
                c.setAuthenticatorConfig(e.getAuthenticatorConfig());
                c.setAuthenticatorFlow(e.isAuthenticatorFlow());
                c.setFlowAlias(e.getFlowAlias());
                c.setPriority(e.getPriority());
                c.setRequirement(e.getRequirement());
                c.setUserSetupAllowed(false);
                executions.add(c);
            }
            copy.setAuthenticationExecutions(executions);
            return copy;
        }
    }

    @Test
    void passwordThenCodeCardAgainstPasswordThenKeycloakOtp() throws IOException {
        int total = WARM_UP_PER_FLOW + LOGINS_PER_FLOW;
        String cardUser = "bench-card";
        String cardUserId = Customers.add(realm, cardUser, PASSWORD);
        List<CodeCardDesk.Card> cards = new ArrayList<>();
        // Keycloak refuses a TOTP code that was already used, so every OTP login gets its own user.
        for (int i = 0; i < total; i++) {
            Customers.addWithAuthenticatorApp(realm, "bench-otp-" + i, PASSWORD, secret(i));
        }

        List<Long> cardTotal = new ArrayList<>(), cardStep = new ArrayList<>(), otpTotal = new ArrayList<>(), otpStep = new ArrayList<>();
        int cardLogins = 0, otpLogins = 0;
        CodeCardDesk desk = new CodeCardDesk(urls.getBase(), realm.getName(), admin);
        while (cardLogins < total || otpLogins < total) {
            useFlow(CARD_FLOW);
            for (int i = 0; i < BLOCK && cardLogins < total; i++, cardLogins++) {
                if (cardLogins % 500 == 0) {
                    cards.add(desk.issueActivated(cardUserId, 500));
                }
                CodeCardDesk.Card card = cards.get(cards.size() - 1);
                long start = System.nanoTime();
                Page step = signIn(cardUser);
                long stepStart = System.nanoTime();
                Page done = CodeCardStep.answer(step, card.code(CodeCardStep.askedPosition(step)));
                long end = System.nanoTime();
                assertNotNull(done.redirectedAwayTo(), "card login failed: " + done.body());
                if (cardLogins >= WARM_UP_PER_FLOW) {
                    cardTotal.add(end - start);
                    cardStep.add(end - stepStart);
                }
            }
            useFlow(OTP_FLOW);
            for (int i = 0; i < BLOCK && otpLogins < total; i++, otpLogins++) {
                long start = System.nanoTime();
                Page step = signIn("bench-otp-" + otpLogins);
                long stepStart = System.nanoTime();
                Page done = step.form("kc-otp-login-form").set("otp", new TimeBasedOTP().generateTOTP(secret(otpLogins))).submit();
                long end = System.nanoTime();
                assertNotNull(done.redirectedAwayTo(), "otp login failed: " + done.body());
                if (otpLogins >= WARM_UP_PER_FLOW) {
                    otpTotal.add(end - start);
                    otpStep.add(end - stepStart);
                }
            }
        }

        String report = String.format(Locale.ROOT, """
                | Flow (%d logins each, after %d warm-up) | second step p50 | second step p95 | whole login p50 | whole login p95 |
                |---|---|---|---|---|
                | password + code card (ours) | %.2f ms | %.2f ms | %.1f ms | %.1f ms |
                | password + OTP form (Keycloak built-in) | %.2f ms | %.2f ms | %.1f ms | %.1f ms |
                | ratio card / OTP | %.2f | %.2f | %.2f | %.2f |
                """, LOGINS_PER_FLOW, WARM_UP_PER_FLOW,
                ms(cardStep, 50), ms(cardStep, 95), ms(cardTotal, 50), ms(cardTotal, 95),
                ms(otpStep, 50), ms(otpStep, 95), ms(otpTotal, 50), ms(otpTotal, 95),
                ms(cardStep, 50) / ms(otpStep, 50), ms(cardStep, 95) / ms(otpStep, 95),
                ms(cardTotal, 50) / ms(otpTotal, 50), ms(cardTotal, 95) / ms(otpTotal, 95));
        System.out.println(report);
        Path out = Path.of("target", "benchmarks", "login-roundtrip.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }

    private void useFlow(String alias) {
        RealmRepresentation rep = realm.admin().toRepresentation();
        rep.setBrowserFlow(alias);
        realm.admin().update(rep);
    }

    private Page signIn(String username) {
        return PasswordStep.signIn(new Browser(urls.getBase()), OidcClient.demo(realm.getBaseUrl()), username, PASSWORD);
    }

    private static String secret(int i) {
        return String.format("NordicScaBenchTotpSecret%08d", i);
    }

    private static double ms(List<Long> nanos, int percentile) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }
}
