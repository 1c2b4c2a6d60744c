package io.nordicsca.companion;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line: a person (or a demo script) plays the phone. Exit code 0 on success, 1 when
 * the server or the network said no, 2 when the command itself was wrong.
 */
public final class Main {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    static final String USAGE_TEXT = """
            Usage: java -jar nordic-sca-companion.jar COMMAND [OPTIONS]

              enroll PAYLOAD [--name NAME] [--platform P] [--push-token T]
                                       enroll with the text of the bank's QR code (nordicsca://enroll?...)
              pending                  list the sign-ins waiting for this device
              approve [--challenge ID] [--event-id X]
                                       approve; the event ID must be the browser's (compare mode: the
                                       one shown; select and enter mode: --event-id is required); a
                                       payment is printed, and signed only if the server's hash is
                                       the hash of what is printed
              deny [--challenge ID]    refuse a sign-in you started
              not-me [--challenge ID]  report a sign-in you did not start
              cancel-activation [--device ID]
                                       stop a new phone that pending lists as waiting for activation
              rotate-key               replace this device's key

            Every command takes --state FILE (default ~/.nordic-sca-companion.json). Options may
            come before or after the command.
            Without --challenge the only pending sign-in is answered; without --device the only
            waiting new phone is cancelled.""";

    private static final Map<String, Set<String>> OPTIONS = Map.of(
            "enroll", Set.of("name", "platform", "push-token", "state"),
            "pending", Set.of("state"),
            "approve", Set.of("challenge", "event-id", "state"),
            "deny", Set.of("challenge", "event-id", "state"),
            "not-me", Set.of("challenge", "event-id", "state"),
            "cancel-activation", Set.of("device", "state"),
            "rotate-key", Set.of("state"));

    /** What the bank's app tells the customer when the server says {@code lastAttempt} (PSD2 RTS art. 4: a warning before a permanent block). */
    static final String LAST_ATTEMPT = "1 attempt left: one more declined, unanswered or wrong answer blocks the app until the bank opens it.";

    static final String DEFAULT_NAME = "Nordic SCA companion";
    static final String DEFAULT_PLATFORM = "companion";

    private final PrintStream out;
    private final PrintStream err;

    private Main(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The whole command, without System.exit: what tests call. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return new Main(out, err).execute(args);
    }

    /** A wrong command line; showUsage when the usage text would help. */
    private static final class UsageError extends Exception {
        private static final long serialVersionUID = 1L;
        final boolean showUsage;

        UsageError(String message, boolean showUsage) {
            super(message);
            this.showUsage = showUsage;
        }
    }

    /** A failure already explained to the user (no device, no pending sign-in). */
    private static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

    private record Arguments(String command, List<String> positional, Map<String, String> options) {

        /** Options may come anywhere, before or after the command (--state FILE pending, pending --state FILE). */
        static Arguments parse(String[] args) throws UsageError {
            String command = null;
            List<String> positional = new ArrayList<>();
            Map<String, String> options = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (!arg.startsWith("--") || arg.length() == 2) {
                    if (command == null) {
                        command = arg;
                    } else {
                        positional.add(arg);
                    }
                    continue;
                }
                String name = arg.substring(2);
                String value = null;
                int equals = name.indexOf('=');
                if (equals >= 0) {
                    value = name.substring(equals + 1);
                    name = name.substring(0, equals);
                }
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new UsageError("--" + name + " needs a value", true);
                    }
                    value = args[++i];
                }
                if (options.put(name, value) != null) {
                    throw new UsageError("--" + name + " given twice", true);
                }
            }
            if (command == null) {
                throw new UsageError("No command given.", true);
            }
            Set<String> allowed = OPTIONS.get(command);
            if (allowed == null) {
                throw new UsageError("Unknown command: " + command, true);
            }
            for (String name : options.keySet()) {
                if (!allowed.contains(name)) {
                    throw new UsageError(command + " has no option --" + name, true);
                }
            }
            int expected = command.equals("enroll") ? 1 : 0;
            if (positional.size() != expected) {
                throw new UsageError(expected == 1 ? "enroll needs the enrollment text (nordicsca://enroll?...), quoted"
                        : command + " takes no arguments, only options: " + positional, true);
            }
            return new Arguments(command, positional, options);
        }

        Path state() {
            String file = options.get("state");
            return file == null ? DeviceState.defaultPath() : Path.of(file);
        }
    }

    private int execute(String[] args) {
        if ((args.length == 1 && "help".equals(args[0])) || List.of(args).contains("--help") || List.of(args).contains("-h")) {
            out.println(USAGE_TEXT);
            return OK;
        }
        try {
            Arguments arguments = Arguments.parse(args);
            switch (arguments.command()) {
                case "enroll" -> enroll(arguments);
                case "pending" -> pending(arguments);
                case "cancel-activation" -> cancelActivation(arguments);
                case "rotate-key" -> rotateKey(arguments);
                default -> answer(arguments);
            }
            return OK;
        } catch (UsageError e) {
            err.println(e.getMessage());
            if (e.showUsage) {
                err.println();
                err.println(USAGE_TEXT);
            }
            return USAGE;
        } catch (DeviceApiException e) {
            err.println("Refused: " + e.getMessage());
            if (e.lastAttempt()) {
                err.println(LAST_ATTEMPT);
            }
            return FAILED;
        } catch (PaymentMismatchException e) {
            err.println(e.getMessage());
            return FAILED;
        } catch (Failure e) {
            err.println(e.getMessage());
            return FAILED;
        } catch (UncheckedIOException e) {
            err.println(e.getMessage());
            return FAILED;
        } catch (IOException e) {
            err.println("Could not use the state file: " + e);
            return FAILED;
        }
    }

    private void enroll(Arguments arguments) throws UsageError, Failure, IOException {
        String payload = arguments.positional().get(0);
        try {
            EnrollmentPayload.parse(payload);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage(), false);
        }
        Path state = arguments.state();
        // One device per state file: overwriting would throw away a key the server still trusts.
        if (Files.exists(state)) {
            throw new Failure(state + " already holds a device. Use another --state FILE, or delete it first.");
        }
        DeviceClient client = DeviceClient.enroll(payload,
                arguments.options().getOrDefault("name", DEFAULT_NAME),
                arguments.options().getOrDefault("platform", DEFAULT_PLATFORM),
                arguments.options().get("push-token"));
        Device device = client.device();
        DeviceState.save(device, state);
        out.println("Enrolled device " + device.deviceId() + " (state in " + state + ").");
        long wait = device.activeFrom() - Instant.now().getEpochSecond();
        if (wait > 0) {
            out.println("The bank accepts it in " + wait + " s.");
        }
    }

    private void pending(Arguments arguments) throws Failure, IOException {
        Inbox inbox = client(arguments).inbox();
        if (inbox.challenges().isEmpty()) {
            out.println("No sign-in is waiting.");
        }
        for (Challenge challenge : inbox.challenges()) {
            out.println(describe(challenge));
        }
        for (Activation activation : inbox.activations()) {
            out.println(describe(activation));
        }
    }

    private void cancelActivation(Arguments arguments) throws UsageError, Failure, IOException {
        DeviceClient client = client(arguments);
        Activation activation = chooseActivation(client.inbox().activations(), arguments.options().get("device"));
        client.cancelActivation(activation.deviceId());
        out.println("Cancelled: " + activation.name() + " will not be activated.");
    }

    private void answer(Arguments arguments) throws UsageError, Failure, IOException {
        DeviceClient client = client(arguments);
        Challenge challenge = choose(client.pending(), arguments.options().get("challenge"));
        String eventId = arguments.options().get("event-id");
        Answer answer;
        switch (arguments.command()) {
            case "approve" -> {
                if (challenge.payment() != null) {
                    out.println("Payment: " + challenge.payment().describe());
                }
                if (eventId == null) {
                    if (!Challenge.COMPARE.equals(challenge.mode()) || challenge.eventId() == null) {
                        throw new UsageError(modeHint(challenge), false);
                    }
                    eventId = challenge.eventId();
                }
                answer = client.approve(challenge, eventId);
            }
            case "deny" -> answer = client.answer(challenge.id(), eventId, DeviceClient.DENY).orThrow();
            default -> answer = client.answer(challenge.id(), eventId, DeviceClient.NOT_ME).orThrow();
        }
        String result = answer.result() == null ? "done" : answer.result();
        out.println(Character.toUpperCase(result.charAt(0)) + result.substring(1) + ": " + challenge.client() + ".");
        if (answer.lastAttempt()) {
            out.println(LAST_ATTEMPT);
        }
    }

    private void rotateKey(Arguments arguments) throws Failure, IOException {
        DeviceClient client = client(arguments);
        Device device = client.rotateKey();
        // The server now knows only the new key: saving it is what keeps this device usable.
        DeviceState.save(device, arguments.state());
        out.println("New key for device " + device.deviceId() + " (state in " + arguments.state() + ").");
    }

    private static DeviceClient client(Arguments arguments) throws Failure, IOException {
        Path state = arguments.state();
        if (!Files.exists(state)) {
            throw new Failure("No device enrolled: " + state + " does not exist. Run enroll first.");
        }
        try {
            return new DeviceClient(DeviceState.load(state));
        } catch (IllegalArgumentException e) {
            throw new Failure("Could not read " + state + ": " + e.getMessage());
        }
    }

    private static Challenge choose(List<Challenge> pending, String challengeId) throws UsageError, Failure {
        if (challengeId != null) {
            for (Challenge challenge : pending) {
                if (challengeId.equals(challenge.id())) {
                    return challenge;
                }
            }
            throw new Failure("No pending sign-in has id " + challengeId + ".");
        }
        if (pending.isEmpty()) {
            throw new Failure("No sign-in is waiting.");
        }
        if (pending.size() > 1) {
            StringBuilder message = new StringBuilder(pending.size() + " sign-ins are waiting; choose one with --challenge ID:");
            for (Challenge challenge : pending) {
                message.append(System.lineSeparator()).append(describe(challenge));
            }
            throw new UsageError(message.toString(), false);
        }
        return pending.get(0);
    }

    private static Activation chooseActivation(List<Activation> waiting, String deviceId) throws UsageError, Failure {
        if (deviceId != null) {
            for (Activation activation : waiting) {
                if (deviceId.equals(activation.deviceId())) {
                    return activation;
                }
            }
            throw new Failure("No new phone waiting for activation has id " + deviceId + ".");
        }
        if (waiting.isEmpty()) {
            throw new Failure("No new phone is waiting for activation.");
        }
        if (waiting.size() > 1) {
            StringBuilder message = new StringBuilder(waiting.size() + " new phones are waiting; choose one with --device ID:");
            for (Activation activation : waiting) {
                message.append(System.lineSeparator()).append(describe(activation));
            }
            throw new UsageError(message.toString(), false);
        }
        return waiting.get(0);
    }

    private static String modeHint(Challenge challenge) {
        if (Challenge.SELECT.equals(challenge.mode())) {
            return "Select mode: pass the event ID shown in the browser with --event-id (one of "
                    + String.join(", ", challenge.eventIdOptions()) + ").";
        }
        return "Enter mode: type the event ID shown in the browser with --event-id X.";
    }

    /** The bank's "new device" notice in one line: what was added, when it becomes usable, how to stop it. */
    static String describe(Activation activation) {
        long left = activation.activeFrom() - Instant.now().getEpochSecond();
        return "New phone added: " + activation.name() + " (" + activation.platform() + "), usable from "
                + Instant.ofEpochSecond(activation.activeFrom()) + (left > 0 ? " (in " + (left + 59) / 60 + " min)" : "")
                + ". Not yours? cancel-activation --device " + activation.deviceId();
    }

    /** One line: id, client, what to check, the payment if any, expiry, and where the sign-in comes from when known. */
    static String describe(Challenge challenge) {
        StringBuilder line = new StringBuilder(challenge.id()).append("  ").append(challenge.client()).append("  ");
        if (Challenge.COMPARE.equals(challenge.mode())) {
            line.append("event ID ").append(challenge.eventId());
        } else if (Challenge.SELECT.equals(challenge.mode())) {
            line.append("pick the browser's event ID: ").append(String.join(" ", challenge.eventIdOptions()));
        } else {
            line.append(challenge.decoupled() ? "type the event ID the caller gives" : "type the event ID shown in the browser");
        }
        if (challenge.decoupled()) {
            line.append("  no browser: asked from outside");
            if (challenge.purpose() != null && !challenge.purpose().isBlank()) {
                line.append(", why: ").append(challenge.purpose());
            }
        }
        if (challenge.payment() != null) {
            line.append("  pay ").append(challenge.payment().describe());
        }
        if (challenge.expiresAt() > 0) {
            long left = challenge.expiresAt() - Instant.now().getEpochSecond();
            line.append(left > 0 ? "  expires in " + left + " s" : "  expired");
        }
        List<String> origin = new ArrayList<>();
        if (challenge.browser() != null && !challenge.browser().isBlank()) {
            origin.add(challenge.browser());
        }
        if (challenge.ip() != null && !challenge.ip().isBlank()) {
            origin.add(challenge.ip());
        }
        if (!origin.isEmpty()) {
            line.append("  (").append(String.join(", ", origin)).append(')');
        }
        return line.toString();
    }
}
