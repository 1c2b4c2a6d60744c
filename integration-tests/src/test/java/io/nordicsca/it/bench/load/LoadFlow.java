package io.nordicsca.it.bench.load;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.nordicsca.companion.Challenge;
import io.nordicsca.companion.Device;
import io.nordicsca.companion.DeviceClient;
import io.nordicsca.companion.DeviceKeys;
import io.nordicsca.it.bench.BenchFlows;
import io.nordicsca.it.bench.BulkCustomers;
import io.nordicsca.it.support.AppStep;
import io.nordicsca.it.support.AuthenticatorApp;
import io.nordicsca.it.support.CodeCardDesk;
import io.nordicsca.it.support.CodeCardStep;
import io.nordicsca.it.support.OidcClient;
import io.nordicsca.it.support.Page;
import io.nordicsca.it.support.PasswordStep;
import io.nordicsca.it.support.SmsStep;
import io.nordicsca.it.support.TwilioStandIn;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * One kind of login under load: a full browser-flow login (authorization URL, password, the
 * second step as the customer answers it, the redirect to the app) and the app's code-to-token
 * exchange. Each flow brings its own customers, made before the load starts.
 */
abstract class LoadFlow<C extends LoadFlow.Customer> {

    /** A benchmark customer; subclasses add what answers their second step. */
    static class Customer {
        final String username;
        final String userId;

        Customer(UserRepresentation user) {
            this.username = user.getUsername();
            this.userId = user.getId();
        }
    }

    final String name;
    final String label;
    final String realmFlow;
    private CustomerPool<C> pool;

    LoadFlow(String name, String label, String realmFlow) {
        this.name = name;
        this.label = label;
        this.realmFlow = realmFlow;
    }

    /** All flows, the built-in baseline second. */
    static List<LoadFlow<?>> all() {
        return List.of(new PasswordOnly(), new KeycloakOtp(), new CodeCard(), new Sms(), new App());
    }

    /** Makes {@code count} customers of this flow in the realm. */
    final void prepare(Site site, int count) throws Exception {
        List<UserRepresentation> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UserRepresentation user = BulkCustomers.customer("load-" + name + "-" + i);
            user.getCredentials().add(BulkCustomers.password());
            users.add(user);
        }
        List<C> customers = customers(site, users);
        BulkCustomers.importAll(site.admin(), users);
        afterImport(site, customers);
        pool = new CustomerPool<>(customers, this::ready);
    }

    /** The customers for these users, adding to each user what the flow's second step needs. */
    abstract List<C> customers(Site site, List<UserRepresentation> users);

    /** What must happen once the customers exist (e.g. the bank issues their cards). */
    void afterImport(Site site, List<C> customers) throws Exception {
    }

    boolean ready(C customer) {
        return true;
    }

    /** After the password: the second step, answered; the page Keycloak redirected to the app from. */
    abstract Page secondStep(Site site, Page afterPassword, C customer) throws Exception;

    CustomerPool<C> pool() {
        return pool;
    }

    /** One login, from the authorization URL to the tokens. */
    final void login(Site site) throws Exception {
        C customer = pool.take();
        boolean done = false;
        try {
            OidcClient app = site.app();
            Page afterPassword = PasswordStep.signIn(site.browser(), app, customer.username, BenchFlows.PASSWORD);
            Page last = secondStep(site, afterPassword, customer);
            if (last.redirectedAwayTo() == null) {
                throw new LoginFailure("no redirect to the app: " + last.status() + " " + last.uri().getPath() + shown(last));
            }
            OidcClient.Tokens tokens = app.exchange(last.redirectedAwayTo());
            if (tokens.status() != 200 || tokens.response().getToken() == null) {
                throw new LoginFailure("token endpoint answered " + tokens.status());
            }
            done = true;
        } finally {
            if (done) {
                pool.giveBack(customer);
            } else {
                pool.retire(customer);
            }
        }
    }

    /** The message a page shows above its form, if any. */
    static String shown(Page page) {
        var alert = page.document().selectFirst(".pf-v5-c-alert__title, .kc-feedback-text, [id^=input-error]");
        return alert == null ? "" : " \"" + alert.text() + "\"";
    }

    /** Password only: Keycloak's username-and-password form, then the code. */
    static final class PasswordOnly extends LoadFlow<Customer> {
        PasswordOnly() {
            super("password", "password only", BenchFlows.PASSWORD_FLOW);
        }

        @Override
        List<Customer> customers(Site site, List<UserRepresentation> users) {
            return users.stream().map(Customer::new).toList();
        }

        @Override
        Page secondStep(Site site, Page afterPassword, Customer customer) {
            return afterPassword;
        }
    }

    /** Password, then Keycloak's built-in OTP form (TOTP): the baseline. */
    static final class KeycloakOtp extends LoadFlow<KeycloakOtp.TotpCustomer> {
        private static final long PERIOD_MILLIS = 30_000;

        static final class TotpCustomer extends Customer {
            final String secret;
            /** Keycloak refuses a TOTP code twice: at most one login per customer and period. */
            volatile long lastPeriod = -1;

            TotpCustomer(UserRepresentation user, String secret) {
                super(user);
                this.secret = secret;
            }
        }

        KeycloakOtp() {
            super("otp", "password + OTP form (Keycloak built-in)", BenchFlows.OTP_FLOW);
        }

        @Override
        List<TotpCustomer> customers(Site site, List<UserRepresentation> users) {
            List<TotpCustomer> customers = new ArrayList<>();
            for (UserRepresentation user : users) {
                String secret = "LoadTotp" + user.getId().replace("-", "").substring(0, 24);
                user.getCredentials().add(BulkCustomers.totp(secret));
                customers.add(new TotpCustomer(user, secret));
            }
            return customers;
        }

        @Override
        boolean ready(TotpCustomer customer) {
            return customer.lastPeriod < System.currentTimeMillis() / PERIOD_MILLIS;
        }

        @Override
        Page secondStep(Site site, Page afterPassword, TotpCustomer customer) {
            Page done = AuthenticatorApp.answer(afterPassword, customer.secret);
            customer.lastPeriod = System.currentTimeMillis() / PERIOD_MILLIS; // at or after the period of the code sent
            return done;
        }
    }

    /** Password, then our code card: a security number read off the card the bank issued. */
    static final class CodeCard extends LoadFlow<CodeCard.CardCustomer> {
        /** Cells per card: more than a customer uses in a run, few enough to issue quickly (each cell is a PBKDF2 hash). */
        private static final int POSITIONS = Integer.getInteger("bench.load.cardPositions", 40);

        static final class CardCustomer extends Customer {
            volatile CodeCardDesk.Card card;

            CardCustomer(UserRepresentation user) {
                super(user);
            }
        }

        CodeCard() {
            super("code-card", "password + code card (ours)", BenchFlows.CARD_FLOW);
        }

        @Override
        List<CardCustomer> customers(Site site, List<UserRepresentation> users) {
            return users.stream().map(CardCustomer::new).toList();
        }

        @Override
        void afterImport(Site site, List<CardCustomer> customers) throws Exception {
            CodeCardDesk desk = new CodeCardDesk(site.target().baseUrl(), site.realm(), site.target().admin());
            ExecutorService issuers = Executors.newFixedThreadPool(2);
            List<Future<?>> issued = new ArrayList<>();
            for (CardCustomer customer : customers) {
                issued.add(issuers.submit(() -> customer.card = desk.issueActivated(customer.userId, POSITIONS)));
            }
            for (Future<?> card : issued) {
                card.get();
            }
            issuers.shutdown();
        }

        @Override
        Page secondStep(Site site, Page afterPassword, CardCustomer customer) {
            return CodeCardStep.answerRightly(afterPassword, customer.card);
        }
    }

    /** Password, then our SMS code through Twilio (the local stand-in), read from what Twilio received. */
    static final class Sms extends LoadFlow<Sms.PhoneCustomer> {

        static final class PhoneCustomer extends Customer {
            final String phone;

            PhoneCustomer(UserRepresentation user, String phone) {
                super(user);
                this.phone = phone;
            }
        }

        Sms() {
            super("sms", "password + SMS code (ours, Twilio stand-in)", BenchFlows.SMS_FLOW);
        }

        @Override
        List<PhoneCustomer> customers(Site site, List<UserRepresentation> users) {
            List<PhoneCustomer> customers = new ArrayList<>();
            for (int i = 0; i < users.size(); i++) {
                String phone = String.format("+4670%07d", 2_000_000 + i);
                users.get(i).setAttributes(Map.of("phoneNumber", List.of(phone)));
                customers.add(new PhoneCustomer(users.get(i), phone));
            }
            return customers;
        }

        @Override
        Page secondStep(Site site, Page afterPassword, PhoneCustomer customer) {
            if (!SmsStep.isCodePage(afterPassword)) {
                throw new LoginFailure("no SMS code page: " + afterPassword.status() + " " + afterPassword.uri().getPath() + shown(afterPassword));
            }
            List<TwilioStandIn.Sms> sent = TwilioStandIn.shared().sentTo(customer.phone);
            return SmsStep.answer(afterPassword, sent.get(sent.size() - 1).code());
        }
    }

    /**
     * Password, then our app approval: the waiting page's long poll started as its script does, the
     * customer's phone (the reference companion library, in this JVM) fetches the request and
     * approves with the event ID, the poll hears it, and the page continues.
     */
    static final class App extends LoadFlow<App.PhoneCustomer> {

        static final class PhoneCustomer extends Customer {
            final String credentialId = UUID.randomUUID().toString();
            volatile DeviceClient phone;

            PhoneCustomer(UserRepresentation user) {
                super(user);
            }
        }

        private final DeviceKeys keys = DeviceKeys.generate();

        App() {
            super("app", "password + app approval (ours, companion in-process)", BenchFlows.APP_FLOW);
        }

        @Override
        List<PhoneCustomer> customers(Site site, List<UserRepresentation> users) {
            List<PhoneCustomer> customers = new ArrayList<>();
            for (UserRepresentation user : users) {
                PhoneCustomer customer = new PhoneCustomer(user);
                user.getCredentials().add(BulkCustomers.appDevice(customer.credentialId, keys));
                customer.phone = new DeviceClient(new Device(site.realmUrl() + "/nordic-sca-device",
                        customer.userId + "." + customer.credentialId, keys, 0), site.http());
                customers.add(customer);
            }
            return customers;
        }

        @Override
        Page secondStep(Site site, Page waiting, PhoneCustomer customer) throws Exception {
            String eventId = AppStep.eventId(waiting);
            HttpRequest status = HttpRequest.newBuilder(URI.create(statusUrl(waiting))).timeout(Site.REQUEST_TIMEOUT).GET().build();
            var poll = site.http().sendAsync(status, HttpResponse.BodyHandlers.ofString());
            Challenge challenge = customer.phone.pending().stream().max(Comparator.comparingLong(Challenge::requestedAt))
                    .orElseThrow(() -> new LoginFailure("the phone found no sign-in to approve"));
            customer.phone.approve(challenge, eventId);
            HttpResponse<String> heard = poll.get();
            while (heard.statusCode() == 200 && heard.body().contains("\"pending\"")) {
                heard = site.http().send(status, HttpResponse.BodyHandlers.ofString()); // as the page's script asks again
            }
            if (heard.statusCode() != 200) {
                throw new LoginFailure("the waiting page's poll answered " + heard.statusCode());
            }
            return AppStep.continueAfterAnswer(waiting);
        }

        static String statusUrl(Page waiting) {
            return waiting.document().getElementById(AppStep.WAIT_FORM).attr("data-status-url");
        }
    }
}
