package io.nordicsca.demoweb;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.nordicsca.demoweb.Identification.State;

/**
 * The bank's call-centre system, as far as the demo plays it: a confidential client of the realm
 * ({@link Config#CALL_CENTRE_CLIENT_ID}, {@code private_key_jwt} with {@link CallCentreKey}) that
 * identifies a caller with OpenID Connect CIBA in poll mode (CIBA Core 1.0 §7, §10.1): the agent
 * types the caller's user code, this app makes an event ID, sends it as {@code binding_message}, and
 * asks the token endpoint until the customer has answered in the app.
 */
final class CallCentre {

    /** The level of an identification with the app alone (not on the browser's ladder). */
    static final String APP_ACR = "urn:nordic-sca:loa:app";
    static final String CIBA_GRANT = "urn:openid:params:grant-type:ciba";
    /** The event ID's letters: none that are read out or heard alike (no B/8, G/6, I/1, O/0, S/5, Z/2). */
    static final String EVENT_ID_ALPHABET = "ACDEFHJKMNPQRTUVWXY3479";
    static final int EVENT_ID_LENGTH = 4;
    /** A user code longer than this is no user code; Keycloak is not asked. */
    static final int MAX_USER_CODE = 100;
    /** CIBA Core 1.0 §7.3: without {@code interval} in the answer, the client waits 5 seconds. */
    private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

    private static final System.Logger LOG = System.getLogger(CallCentre.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Config config;
    private final OidcClient oidc;
    private final Clock clock;
    private final CallCentreKey key;

    CallCentre(Config config, OidcClient oidc, Clock clock) {
        this.config = config;
        this.oidc = oidc;
        this.clock = clock;
        this.key = new CallCentreKey(clock);
    }

    /** The JWK set Keycloak reads from the client's {@code jwks.url}. */
    String jwks() {
        return key.jwks();
    }

    /**
     * Sends the backchannel authentication request (CIBA Core 1.0 §7.1) for this user code, with a new
     * event ID as {@code binding_message} and the {@code purpose} text, and returns the identification:
     * waiting for the customer, or already ended when Keycloak refused.
     */
    Identification start(String userCode, String purpose) throws KeycloakUnreachable {
        String endpoint = oidc.metadata().backchannelAuthenticationEndpoint();
        if (endpoint == null) {
            return Identification.ended(State.FAILED, "callCentre.noCiba", null, null);
        }
        String eventId = eventId();
        Map<String, String> request = new LinkedHashMap<>();
        request.put("scope", "openid");
        request.put("login_hint", userCode);
        request.put("binding_message", eventId);
        request.put("purpose", purpose);
        try {
            JsonNode answer = oidc.postForm(endpoint, authenticated(request), 200);
            String authReqId = Json.textOrNull(answer, "auth_req_id");
            JsonNode expiresIn = answer.get("expires_in");
            if (authReqId == null || expiresIn == null || !expiresIn.canConvertToLong()) {
                throw new KeycloakUnreachable("The backchannel authentication endpoint answered no auth_req_id or expires_in", null);
            }
            JsonNode interval = answer.get("interval");
            Identification started = Identification.waiting(eventId, authReqId, clock.instant(), Duration.ofSeconds(expiresIn.asLong()),
                    interval != null && interval.canConvertToLong() && interval.asLong() > 0 ? Duration.ofSeconds(interval.asLong()) : DEFAULT_INTERVAL);
            LOG.log(System.Logger.Level.INFO, "Call centre: identification " + started.id() + " sent, event ID " + eventId);
            return started;
        } catch (KeycloakError e) {
            // The user code stays out of the log: it may be a personal ID number.
            LOG.log(System.Logger.Level.INFO, "Call centre: Keycloak refused the identification: " + e.error());
            return "access_denied".equals(e.error())
                    ? Identification.ended(State.REFUSED, "callCentre.refused", e.error(), e.description())
                    : Identification.ended(State.FAILED, "callCentre.failed", e.error(), e.description());
        }
    }

    /**
     * Asks the token endpoint once when the identification's interval has passed (CIBA Core 1.0 §10.1,
     * §11): tokens end it (after the ID token's checks), {@code authorization_pending} keeps waiting,
     * {@code slow_down} waits longer, {@code access_denied} and {@code expired_token} end it.
     */
    void poll(Identification identification) {
        Instant now = clock.instant();
        if (identification.state() == State.WAITING && !now.isBefore(identification.expiresAt())) {
            identification.end(State.EXPIRED, "callCentre.expired", null, null);
            return;
        }
        if (!identification.claimPoll(now)) {
            return;
        }
        Map<String, String> request = new LinkedHashMap<>();
        request.put("grant_type", CIBA_GRANT);
        request.put("auth_req_id", identification.authReqId());
        try {
            JsonNode answer = oidc.postForm(oidc.metadata().tokenEndpoint(), authenticated(request), 200);
            String idToken = Json.textOrNull(answer, "id_token");
            VerifiedIdToken verified = oidc.verifierFor(Config.CALL_CENTRE_CLIENT_ID).verifyDecoupled(idToken);
            if (!APP_ACR.equals(verified.claim("acr"))) {
                throw new TokenRefused(TokenRefused.Reason.LEVEL, "acr " + verified.claim("acr"));
            }
            identification.identified(Result.identified(verified));
            LOG.log(System.Logger.Level.INFO, "Call centre: identification " + identification.id() + " identified at " + verified.claim("acr"));
        } catch (KeycloakError e) {
            switch (e.error()) {
                case "authorization_pending" -> {
                    // Not answered yet: the next poll is already one interval away.
                }
                case "slow_down" -> identification.slowDown(now);
                case "access_denied" -> identification.end(State.DECLINED, "callCentre.declined", e.error(), e.description());
                case "expired_token" -> identification.end(State.EXPIRED, "callCentre.expired", e.error(), e.description());
                default -> identification.end(State.FAILED, "callCentre.failed", e.error(), e.description());
            }
            if (identification.state() != State.WAITING) {
                LOG.log(System.Logger.Level.INFO, "Call centre: identification " + identification.id() + " ended: " + e.error());
            }
        } catch (TokenRefused e) {
            LOG.log(System.Logger.Level.WARNING, "Call centre: identification " + identification.id() + " answer refused: " + e.reason());
            identification.end(State.FAILED, e.reason().messageKey(), null, null);
        } catch (KeycloakUnreachable e) {
            // Asked again after the interval, until the request expires.
            LOG.log(System.Logger.Level.WARNING, e.getMessage());
        }
    }

    /** The request with the client's authentication: a new signed assertion each time (each is used once). */
    private Map<String, String> authenticated(Map<String, String> request) {
        Map<String, String> form = new LinkedHashMap<>(request);
        form.put("client_assertion_type", CallCentreKey.ASSERTION_TYPE);
        form.put("client_assertion", key.clientAssertion(Config.CALL_CENTRE_CLIENT_ID, config.issuer()));
        return form;
    }

    /** {@link #EVENT_ID_LENGTH} characters of {@link #EVENT_ID_ALPHABET}, within Keycloak's {@code binding_message} rule. */
    static String eventId() {
        StringBuilder eventId = new StringBuilder(EVENT_ID_LENGTH);
        for (int i = 0; i < EVENT_ID_LENGTH; i++) {
            eventId.append(EVENT_ID_ALPHABET.charAt(RANDOM.nextInt(EVENT_ID_ALPHABET.length())));
        }
        return eventId.toString();
    }
}
