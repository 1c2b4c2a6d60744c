package io.nordicsca.it.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.nordicsca.it.support.Browser;
import io.nordicsca.it.support.CodeCardDesk;
import io.nordicsca.it.support.CodeCardStep;
import io.nordicsca.it.support.Customers;
import io.nordicsca.it.support.Form;
import io.nordicsca.it.support.OidcClient;
import io.nordicsca.it.support.Page;
import io.nordicsca.it.support.PasswordStep;
import io.nordicsca.it.support.ServerLog;
import io.nordicsca.it.support.SmsStep;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.models.utils.TimeBasedOTP;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.RealmConfig;
import org.keycloak.testframework.server.KeycloakUrls;

import static io.nordicsca.it.bench.Percentiles.ms;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Load driver, not a test (excluded from ./test.sh): full browser-flow logins on the real server,
 * password then one second step: our code card, our SMS code (demo log sender; the code is read
 * back from the server log) and Keycloak's own OTP form, interleaved in blocks so all see the same
 * machine state. For each flow it times the password request (which, for SMS, sends the code) and
 * the second step's request. Run:
 * {@code ./mvnw -B verify -pl integration-tests -am -Dtest=LoginRoundTripBenchmark -DexcludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("benchmark")
@KeycloakIntegrationTest(config = BenchmarkServerConfig.class)
public class LoginRoundTripBenchmark {

    private static final int LOGINS_PER_FLOW = Integer.getInteger("bench.logins", 200);
    private static final int WARM_UP_PER_FLOW = 30;
    private static final int BLOCK = 10;
    private static final String PASSWORD = BenchFlows.PASSWORD;
    private static final String CARD_FLOW = BenchFlows.CARD_FLOW;
    private static final String SMS_FLOW = BenchFlows.SMS_FLOW;
    private static final String OTP_FLOW = BenchFlows.OTP_FLOW;
    private static final int SMS_CUSTOMERS = 10;
    private static final Pattern LOGGED_CODE = Pattern.compile("SMS to \\S+: \\D*(\\d{4,10})");

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    @InjectRealm(config = BenchRealm.class)
    ManagedRealm realm;

    /** The demo realm with the bench flows; the SMS step on the demo's log sender with generous limits. */
    public static class BenchRealm implements RealmConfig {

        @Override
        public RealmBuilder configure(RealmBuilder ignored) {
            return RealmBuilder.update(BenchFlows.demoRealm(
                    Map.of("sender", "log", "sendsPerUser", "50", "sendsPerNumber", "50", "sendsPerAddress", "1000", "limitWindowMinutes", "1"),
                    Map.of()));
        }
    }

    /** Per flow: the password request and the second step's request, in nanoseconds. */
    private record Timings(List<Long> password, List<Long> step) {
        Timings() {
            this(new ArrayList<>(), new ArrayList<>());
        }
    }

    @Test
    void codeCardAndSmsAgainstKeycloakOtp() throws IOException {
        int total = WARM_UP_PER_FLOW + LOGINS_PER_FLOW;
        String cardUser = "bench-card";
        String cardUserId = Customers.add(realm, cardUser, PASSWORD);
        // The per-customer send limit (at most 50 in the window) holds in a benchmark too: ten SMS customers.
        for (int i = 0; i < SMS_CUSTOMERS; i++) {
            Customers.addWithPhone(realm, "bench-sms-" + i, PASSWORD, "+4670111990" + i);
        }
        // Keycloak refuses a TOTP code that was already used, so every OTP login gets its own user.
        for (int i = 0; i < total; i++) {
            Customers.addWithAuthenticatorApp(realm, "bench-otp-" + i, PASSWORD, secret(i));
        }

        Timings card = new Timings(), sms = new Timings(), otp = new Timings();
        List<CodeCardDesk.Card> cards = new ArrayList<>();
        CodeCardDesk desk = new CodeCardDesk(urls.getBase(), realm.getName(), admin);
        for (int done = 0; done < total; done += BLOCK) {
            int block = Math.min(BLOCK, total - done);
            useFlow(CARD_FLOW);
            for (int i = done; i < done + block; i++) {
                if (i % 500 == 0) {
                    cards.add(desk.issueActivated(cardUserId, 500));
                }
                CodeCardDesk.Card current = cards.get(cards.size() - 1);
                login(i, card, cardUser, step -> current.code(CodeCardStep.askedPosition(step)), CodeCardStep.FORM, "code");
            }
            useFlow(SMS_FLOW);
            for (int i = done; i < done + block; i++) {
                ServerLog log = ServerLog.mark();
                login(i, sms, "bench-sms-" + (i % SMS_CUSTOMERS), step -> loggedCode(log), SmsStep.FORM, "code");
            }
            useFlow(OTP_FLOW);
            for (int i = done; i < done + block; i++) {
                int user = i;
                login(i, otp, "bench-otp-" + i, step -> new TimeBasedOTP().generateTOTP(secret(user)), "kc-otp-login-form", "otp");
            }
        }

        String report = String.format(Locale.ROOT, """
                | Flow (%d logins each, after %d warm-up) | password request p50 | p95 | second step p50 | p95 |
                |---|---|---|---|---|
                | password + code card (ours) | %.2f ms | %.2f ms | %.2f ms | %.2f ms |
                | password + SMS code (ours, log sender) | %.2f ms | %.2f ms | %.2f ms | %.2f ms |
                | password + OTP form (Keycloak built-in) | %.2f ms | %.2f ms | %.2f ms | %.2f ms |
                """, LOGINS_PER_FLOW, WARM_UP_PER_FLOW,
                ms(card.password(), 50), ms(card.password(), 95), ms(card.step(), 50), ms(card.step(), 95),
                ms(sms.password(), 50), ms(sms.password(), 95), ms(sms.step(), 50), ms(sms.step(), 95),
                ms(otp.password(), 50), ms(otp.password(), 95), ms(otp.step(), 50), ms(otp.step(), 95));
        System.out.println(report);
        Path out = Path.of("target", "benchmarks", "login-roundtrip.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }

    /** One login: the password request (timed), the answer worked out untimed, the second step (timed). */
    private void login(int index, Timings timings, String username, Function<Page, String> answer, String form, String field) {
        long start = System.nanoTime();
        Page step = signIn(username);
        long passwordDone = System.nanoTime();
        Form filled = step.form(form).set(field, answer.apply(step));
        long stepStart = System.nanoTime();
        Page done = filled.submit();
        long end = System.nanoTime();
        assertNotNull(done.redirectedAwayTo(), username + " login failed: " + done.body());
        if (index >= WARM_UP_PER_FLOW) {
            timings.password().add(passwordDone - start);
            timings.step().add(end - stepStart);
        }
    }

    /** The code the log sender wrote for the latest SMS (the first number of its text). */
    private static String loggedCode(ServerLog log) {
        for (int attempt = 0; attempt < 50; attempt++) {
            Matcher matcher = LOGGED_CODE.matcher(log.sinceMark());
            String code = null;
            while (matcher.find()) {
                code = matcher.group(1);
            }
            if (code != null) {
                return code;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("the log sender wrote no SMS: " + log.sinceMark());
    }

    private void useFlow(String alias) {
        BenchFlows.useFlow(realm.admin(), alias);
    }

    private Page signIn(String username) {
        return PasswordStep.signIn(new Browser(urls.getBase()), OidcClient.demo(realm.getBaseUrl()), username, PASSWORD);
    }

    private static String secret(int i) {
        return String.format("NordicScaBenchTotpSecret%08d", i);
    }
}
