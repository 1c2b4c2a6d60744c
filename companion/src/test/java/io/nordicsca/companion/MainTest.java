package io.nordicsca.companion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    @TempDir
    Path directory;

    private FakeDeviceApi api;
    private String state;
    private String out;
    private String err;

    @BeforeEach
    void start() throws Exception {
        api = new FakeDeviceApi();
        state = directory.resolve("state.json").toString();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private int run(String... args) {
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        out = outBytes.toString(StandardCharsets.UTF_8);
        err = errBytes.toString(StandardCharsets.UTF_8);
        return code;
    }

    @Test
    void usageErrorsExitWith2() {
        assertEquals(2, run());
        assertTrue(err.contains("Usage:"), err);
        assertEquals(2, run("fly"));
        assertEquals(2, run("enroll"));
        assertEquals(2, run("pending", "--event-id", "X"));
        assertEquals(2, run("approve", "--challenge"));
        assertEquals(2, run("enroll", "https://not-a-payload", "--state", state));
        assertTrue(err.startsWith("Not an enrollment code"), err);
        assertEquals(0, run("--help"));
        assertTrue(out.contains("rotate-key") && out.contains("cancel-activation [--device ID]"), out);
    }

    @Test
    void withoutADeviceCommandsFailWith1() {
        assertEquals(1, run("pending", "--state", state));
        assertTrue(err.contains("Run enroll first"), err);
    }

    @Test
    void enrollPendingApproveInCompareMode() throws Exception {
        assertEquals(0, run("enroll", api.enrollmentPayload(), "--name", "Test phone", "--state", state), err);
        assertTrue(out.startsWith("Enrolled device device-1"), out);
        assertTrue(Files.exists(Path.of(state)));
        assertEquals(1, run("enroll", api.enrollmentPayload(), "--state", state), "refuses to overwrite a device");

        assertEquals(0, run("pending", "--state", state));
        assertEquals("No sign-in is waiting.\n", out.replace("\r\n", "\n"));
        assertEquals(1, run("approve", "--state", state));

        api.addChallenge(new FakeDeviceApi.FakeChallenge("c1", "Online bank", "compare", "K7QM", List.of()));
        assertEquals(0, run("pending", "--state", state));
        assertTrue(out.startsWith("c1  Online bank  event ID K7QM  expires in "), out);
        assertTrue(out.contains("(Firefox on Linux, 203.0.113.7)"), out);

        assertEquals(0, run("approve", "--state=" + state));
        assertEquals("Approved: Online bank.", out.strip());
        assertEquals(List.of("c1 approve"), api.answers());
    }

    @Test
    void pendingSaysWhenNoBrowserAsksAndWhy() throws Exception {
        assertEquals(0, run("enroll", api.enrollmentPayload(), "--state", state), err);
        api.addChallenge(new FakeDeviceApi.FakeChallenge("b1", "Call centre", "enter", "K7QM", List.of(), null, "Identification by phone"));
        assertEquals(0, run("pending", "--state", state), err);
        assertTrue(out.startsWith("b1  Call centre  type the event ID the caller gives  no browser: asked from outside, "
                + "why: Identification by phone  expires in "), out);
        assertFalse(out.contains("("), "no browser or network to show: " + out);
    }

    @Test
    void pendingAndApproveShowThePaymentAndAMismatchIsNotApproved() throws Exception {
        assertEquals(0, run("enroll", api.enrollmentPayload(), "--state", state), err);
        Map<String, Object> payment = new HashMap<>(Map.of("amount", "1250.00", "currency", "EUR", "payeeName", "Nordic Power Oy",
                "payeeAccount", "FI2112345600000785", "hash", PaymentTest.EXAMPLE.withAmount("9250.00").ownHash()));
        api.addChallenge(new FakeDeviceApi.FakeChallenge("p1", "Online bank", "compare", "K7QM", List.of(), payment));

        assertEquals(0, run("pending", "--state", state), err);
        assertTrue(out.contains("event ID K7QM  pay 1250.00 EUR to Nordic Power Oy (FI2112345600000785)  expires in "), out);
        assertEquals(1, run("approve", "--state", state));
        assertTrue(out.startsWith("Payment: 1250.00 EUR to Nordic Power Oy (FI2112345600000785)"), out);
        assertTrue(err.startsWith("Not approved: the server's transaction hash is not the hash of the payment shown"), err);
        assertEquals(List.of(), api.answers());

        payment.put("hash", new Payment("1250.00", "EUR", "Nordic Power Oy", "FI2112345600000785", null, null).ownHash());
        api.addChallenge(new FakeDeviceApi.FakeChallenge("p1", "Online bank", "compare", "K7QM", List.of(), payment));
        assertEquals(0, run("approve", "--state", state), err);
        assertEquals("Payment: 1250.00 EUR to Nordic Power Oy (FI2112345600000785)\nApproved: Online bank.", out.strip().replace("\r\n", "\n"));
        assertEquals(List.of("p1 approve"), api.answers());
    }

    @Test
    void selectAndEnterModeNeedAnEventId() throws Exception {
        assertEquals(0, run("enroll", api.enrollmentPayload(), "--state", state), err);
        api.addChallenge(new FakeDeviceApi.FakeChallenge("c2", "Online bank", "select", "ABCD", List.of("WXYZ", "ABCD", "K7QM")));

        assertEquals(2, run("approve", "--state", state));
        assertTrue(err.contains("--event-id") && err.contains("WXYZ, ABCD, K7QM"), err);
        assertEquals(1, run("approve", "--event-id", "WXYZ", "--state", state));
        assertTrue(err.contains("wrong_event_id"), err);
        assertEquals(0, run("approve", "--event-id", "ABCD", "--challenge", "c2", "--state", state), err);

        api.addChallenge(new FakeDeviceApi.FakeChallenge("c3", "Online bank", "enter", "QRST", List.of()));
        api.addChallenge(new FakeDeviceApi.FakeChallenge("c4", "Online bank", "compare", "K7QM", List.of()));
        assertEquals(2, run("deny", "--state", state));
        assertTrue(err.contains("2 sign-ins are waiting"), err);
        assertEquals(1, run("not-me", "--challenge", "nope", "--state", state));
        assertEquals(0, run("not-me", "--challenge", "c3", "--state", state), err);
        assertEquals(0, run("deny", "--state", state), err);
        assertEquals("Denied: Online bank.", out.strip());
        assertEquals(List.of("c2 approve", "c3 not-me", "c4 deny"), api.answers());
    }

    @Test
    void pendingShowsANewPhoneAndCancelActivationStopsIt() throws Exception {
        assertEquals(0, run("enroll", api.enrollmentPayload(), "--state", state), err);
        assertEquals(1, run("cancel-activation", "--state", state));
        assertEquals("No new phone is waiting for activation.", err.strip());

        long inAnHour = java.time.Instant.now().getEpochSecond() + 3600;
        api.addActivation(new Activation("user.new-1", "iPhone 15", "ios", inAnHour - 3600, inAnHour));
        assertEquals(0, run("pending", "--state", state), err);
        String notice = out.replace("\r\n", "\n").split("\n")[1];
        assertTrue(notice.startsWith("New phone added: iPhone 15 (ios), usable from " + java.time.Instant.ofEpochSecond(inAnHour) + " (in 60 min)"), notice);
        assertTrue(notice.endsWith("Not yours? cancel-activation --device user.new-1"), notice);

        api.addActivation(new Activation("user.new-2", "Pixel 9", "android", inAnHour - 3600, inAnHour));
        assertEquals(2, run("cancel-activation", "--state", state));
        assertTrue(err.contains("2 new phones are waiting"), err);
        assertEquals(1, run("cancel-activation", "--device", "user.nope", "--state", state));
        assertEquals(0, run("cancel-activation", "--device", "user.new-2", "--state", state), err);
        assertEquals("Cancelled: Pixel 9 will not be activated.", out.strip());
        assertEquals(0, run("cancel-activation", "--state", state), err);
        assertEquals(List.of("user.new-2", "user.new-1"), api.cancelled());
    }

    @Test
    void optionsMayComeBeforeTheCommandAsWellAsAfterIt() throws Exception {
        assertEquals(0, run("--state", state, "enroll", api.enrollmentPayload(), "--name", "Test phone"), err);
        assertTrue(out.startsWith("Enrolled device device-1"), out);
        assertEquals(0, run("--state=" + state, "pending"), err);
        assertEquals("No sign-in is waiting.\n", out.replace("\r\n", "\n"));

        api.addChallenge(new FakeDeviceApi.FakeChallenge("c5", "Online bank", "enter", "QRST", List.of()));
        assertEquals(0, run("--state", state, "--event-id", "QRST", "approve"), err);
        assertEquals("Approved: Online bank.", out.strip());
        assertEquals(List.of("c5 approve"), api.answers());

        assertEquals(2, run("--state", state, "pending", "--state", state), "an option given twice is still refused");
        assertTrue(err.contains("--state given twice"), err);
        assertEquals(2, run("--state", state, "--name", "X", "pending"), "an option the command does not take is still refused");
        assertTrue(err.contains("pending has no option --name"), err);
        assertEquals(2, run("--state", state), "options without a command");
        assertTrue(err.contains("No command given."), err);
    }

    @Test
    void anAnswerThatLeavesOneAttemptBeforeTheAppIsBlockedWarnsTheCustomer() throws Exception {
        assertEquals(0, run("enroll", api.enrollmentPayload(), "--state", state), err);
        api.oneAttemptLeft();
        api.addChallenge(new FakeDeviceApi.FakeChallenge("w1", "Online bank", "enter", "QRST", List.of()));
        assertEquals(1, run("approve", "--event-id", "WXYZ", "--state", state));
        assertTrue(err.contains("wrong_event_id") && err.contains(Main.LAST_ATTEMPT), err);

        assertEquals(0, run("deny", "--challenge", "w1", "--state", state), err);
        assertEquals("Denied: Online bank.\n" + Main.LAST_ATTEMPT, out.strip().replace("\r\n", "\n"));
    }

    @Test
    void rotateKeySavesTheNewKey() throws Exception {
        assertEquals(0, run("enroll", api.enrollmentPayload(), "--state", state), err);
        String before = Files.readString(Path.of(state));
        assertEquals(0, run("rotate-key", "--state", state), err);
        assertTrue(out.startsWith("New key for device device-1"), out);
        assertTrue(!before.equals(Files.readString(Path.of(state))));
        assertEquals(0, run("pending", "--state", state), err);
    }
}
