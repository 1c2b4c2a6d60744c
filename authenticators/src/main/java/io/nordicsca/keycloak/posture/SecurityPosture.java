package io.nordicsca.keycloak.posture;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.nordicsca.keycloak.app.AppApprovalAuthenticatorFactory;
import io.nordicsca.keycloak.app.AppApprovalConfig;
import io.nordicsca.keycloak.app.CibaChannelFactory;
import io.nordicsca.keycloak.app.CibaTokenGrant;
import io.nordicsca.keycloak.codecard.CodeCardAuthenticatorFactory;
import io.nordicsca.keycloak.codecard.CodeCardConfig;
import io.nordicsca.keycloak.codecard.CodeCardCredentialProvider;
import io.nordicsca.keycloak.codecard.CodeCardCredentialProviderFactory;
import io.nordicsca.keycloak.lockout.FactorLocks;
import io.nordicsca.keycloak.lockout.PasswordFormFactory;
import io.nordicsca.keycloak.lockout.unlock.UnlockIdentifyFactory;
import io.nordicsca.keycloak.payment.PaymentAuthorizationDetailsProcessor;
import io.nordicsca.keycloak.posture.PostureFinding.Severity;
import io.nordicsca.keycloak.sms.sender.LogSmsSenderFactory;
import io.nordicsca.keycloak.sms.RegisterPhoneActionFactory;
import io.nordicsca.keycloak.sms.SmsOtpAuthenticatorFactory;
import io.nordicsca.keycloak.sms.SmsOtpConfig;
import org.keycloak.common.Profile;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowBindings;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.protocol.LoginProtocol;
import org.keycloak.protocol.oidc.OIDCAdvancedConfigWrapper;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.OIDCProviderConfig;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.userprofile.UserProfileProvider;

/**
 * What in a realm undermines strong customer authentication: every way Keycloak can issue a token
 * or a session for a customer (password grant, device grant, CIBA, token exchange, the browser,
 * reset-credentials, registration and broker flows, per client where a client overrides them), the
 * brute-force settings PSD2 asks for, and our own steps' settings that weaken them.
 *
 * <p>Read-only; it runs in the admin REST endpoint and once per realm at server start.
 */
public final class SecurityPosture {

    private static final String SAML_PROTOCOL = "saml";
    /** The client attribute behind the admin console's "Allow ECP flow". */
    private static final String SAML_ECP_ATTRIBUTE = "saml.allow.ecp.flow";
    /** The flow Keycloak always runs for SAML ECP, whatever the bindings. */
    private static final String SAML_ECP_FLOW = "saml ecp";

    /** Keycloak's username-and-password and password-only forms, which know no per-factor lock. */
    private static final Set<String> KEYCLOAK_PASSWORD_FORMS = Set.of("auth-username-password-form", "auth-password-form");

    /** PSD2 RTS art. 4(3)(b): at most five failed attempts before a block. */
    static final int PSD2_MAX_FAILURES = 5;
    /** PSD2 RTS art. 4(3)(d): at most five minutes of inactivity in a session. */
    static final int PSD2_MAX_IDLE_SECONDS = 300;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final FlowStrength flows;
    private final List<PostureFinding> findings = new ArrayList<>();
    private final Set<String> checkedSteps = new HashSet<>();
    private final Set<String> passwordFormChecked = new HashSet<>();
    private boolean codeCardPepperChecked;

    private SecurityPosture(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.flows = FlowStrength.of(session, realm);
    }

    /** The realm's findings, most severe first. Empty means nothing found. */
    public static List<PostureFinding> of(KeycloakSession session, RealmModel realm) {
        SecurityPosture posture = new SecurityPosture(session, realm);
        posture.checkClients();
        posture.checkRealmFlows();
        posture.checkLevelOrder();
        posture.checkRequestParameters();
        posture.checkIdentityProviders();
        posture.checkBruteForce();
        posture.checkLockStore();
        posture.checkOurSteps();
        posture.findings.sort(Comparator.comparing(PostureFinding::severity).thenComparing(PostureFinding::id)
                .thenComparing(PostureFinding::subject));
        return List.copyOf(posture.findings);
    }

    private void checkClients() {
        realm.getClientsStream()
                .filter(ClientModel::isEnabled)
                .filter(client -> !client.isBearerOnly())
                .forEach(client -> {
                    checkBrowserOverride(client); // SAML logins honour a client's browser flow too, and make SSO sessions
                    if (client.getProtocol() == null || OIDCLoginProtocol.LOGIN_PROTOCOL.equals(client.getProtocol())) {
                        checkOidcClient(client);
                    } else if (SAML_PROTOCOL.equals(client.getProtocol())) {
                        checkSamlClient(client);
                    }
                });
        if (Profile.isFeatureEnabled(Profile.Feature.TOKEN_EXCHANGE)) {
            add("grant.token-exchange-legacy", Severity.HIGH, realm.getName(),
                    "The server runs the legacy token exchange (feature token-exchange): with fine-grained permissions a client "
                            + "can exchange external tokens or impersonate a customer without any sign-in here.",
                    "Start the server without --features=token-exchange; standard token exchange (v2) needs no such feature.");
        }
    }

    private void checkBrowserOverride(ClientModel client) {
        String browserOverride = client.getAuthenticationFlowBindingOverride(AuthenticationFlowBindings.BROWSER_BINDING);
        if (browserOverride != null) {
            AuthenticationFlowModel flow = realm.getAuthenticationFlowById(browserOverride);
            checkPasswordLock(flow);
            if (flows.of(flow).weak()) {
                add("flow.browser", Severity.HIGH, client.getClientId(),
                        "The client overrides the browser flow with '" + alias(flow) + "', which lets a customer in without a "
                                + "second factor (and the SSO session it makes then serves every client).",
                        "Remove the override or add a Nordic SCA step as REQUIRED (or as one of REQUIRED alternatives) to that flow.");
            }
        }
    }

    private void checkSamlClient(ClientModel client) {
        if (Boolean.parseBoolean(client.getAttribute(SAML_ECP_ATTRIBUTE))
                && flows.of(realm.getFlowByAlias(SAML_ECP_FLOW)).weak()) {
            add("grant.saml-ecp", Severity.HIGH, client.getClientId(),
                    "SAML ECP is on: Keycloak answers with an assertion after the flow '" + SAML_ECP_FLOW + "' (HTTP Basic "
                            + "username and password), without a second factor.",
                    "Turn off 'Allow ECP flow' on this client.");
        }
    }

    private void checkOidcClient(ClientModel client) {
        String clientId = client.getClientId();
        if (client.isDirectAccessGrantsEnabled()) {
            AuthenticationFlowModel flow = boundFlow(client, AuthenticationFlowBindings.DIRECT_GRANT_BINDING, realm.getDirectGrantFlow());
            if (flows.of(flow).weak()) {
                add("grant.password", Severity.HIGH, clientId,
                        "The password grant (direct access grants) issues tokens through the flow '" + alias(flow)
                                + "', which needs no second factor.",
                        "Bind the realm's direct grant flow to one with the step 'Nordic SCA: refuse the password grant', or turn "
                                + "off Direct access grants on this client.");
            }
        }
        if (realm.getCibaPolicy().isOIDCCIBAGrantEnabled(client)) {
            if (CibaChannelFactory.isTheServers(session)) {
                add("grant.ciba", Severity.INFO, clientId,
                        "CIBA is on: the server's authentication channel is '" + CibaChannelFactory.PROVIDER_ID + "', which asks the "
                                + "customer's app (event ID, locks, push limit); tokens carry acr " + CibaTokenGrant.ACR + ".",
                        "Nothing to do; turn the OIDC CIBA grant off on clients that do not identify customers by phone.");
            } else {
                add("grant.ciba", Severity.HIGH, clientId,
                        "CIBA is on: Keycloak issues CIBA tokens without running any authentication flow; the authentication "
                                + "channel alone decides, and the server's channel is not the app's.",
                        "Turn off the OIDC CIBA grant on this client, or make '" + CibaChannelFactory.PROVIDER_ID
                                + "' the server's CIBA channel (spi-ciba-auth-channel--provider).");
            }
        }
        if (realm.getOAuth2DeviceConfig().isOAuth2DeviceAuthorizationGrantEnabled(client)) {
            add("grant.device", Severity.MEDIUM, clientId,
                    "The device authorization grant is on: a customer can be talked into approving a code that an attacker's "
                            + "device started (device code phishing).",
                    "Turn off the OAuth 2.0 device authorization grant on this client unless it serves input-constrained devices.");
        }
        OIDCAdvancedConfigWrapper oidc = OIDCAdvancedConfigWrapper.fromClientModel(client);
        if (Profile.isFeatureEnabled(Profile.Feature.JWT_AUTHORIZATION_GRANT) && oidc.getJWTAuthorizationGrantEnabled()) {
            add("grant.jwt-authorization", Severity.HIGH, clientId,
                    "The JWT authorization grant (RFC 7523) is on: Keycloak issues tokens for a linked customer on an assertion "
                            + "of the identity providers " + oidc.getJWTAuthorizationGrantAllowedIdentityProviders()
                            + ", without running any flow here.",
                    "Turn off the JWT authorization grant on this client unless every allowed identity provider is itself a "
                            + "strong method.");
        }
        if (oidc.isStandardTokenExchangeEnabled()) {
            add("grant.token-exchange", Severity.MEDIUM, clientId,
                    "Standard token exchange is on: tokens for other audiences are issued without a new sign-in.",
                    "Turn off Standard token exchange on this client unless every audience it exchanges to accepts the original "
                            + "sign-in's strength.");
        }
    }

    private void checkRealmFlows() {
        AuthenticationFlowModel browser = realm.getBrowserFlow();
        if (flows.of(browser).weak()) {
            add("flow.browser", Severity.HIGH, alias(browser),
                    "The realm's browser flow lets a customer in without a second factor.",
                    "Add a Nordic SCA step as REQUIRED, or a REQUIRED subflow of Nordic SCA alternatives, after the password.");
        }
        checkPasswordLock(browser);
        AuthenticationFlowModel reset = realm.getResetCredentialsFlow();
        if (flows.of(reset).weak()) {
            boolean reachable = realm.isResetPasswordAllowed();
            add("flow.reset-credentials", reachable ? Severity.HIGH : Severity.LOW, alias(reset),
                    "The reset-credentials flow signs a customer in after an e-mail link, without a second factor"
                            + (reachable ? "." : " (reachable once 'Forgot password' is turned on)."),
                    "Bind a reset-credentials flow with a Nordic SCA step as REQUIRED (or a REQUIRED subflow of alternatives).");
        }
        if (realm.isRegistrationAllowed() && flows.of(realm.getRegistrationFlow()).weak()) {
            add("flow.registration", Severity.HIGH, alias(realm.getRegistrationFlow()),
                    "Self-registration is on: anyone creates an account and gets tokens with a password alone.",
                    "Turn off User registration; banks create customers after identifying them.");
        }
        if (realm.getSsoSessionIdleTimeout() > PSD2_MAX_IDLE_SECONDS) {
            add("session.idle-timeout", Severity.LOW, realm.getName(),
                    "SSO sessions stay open for " + realm.getSsoSessionIdleTimeout() + " s without activity; PSD2 RTS art. 4(3)(d) "
                            + "allows at most 300 s.",
                    "Set SSO Session Idle to 5 minutes or less.");
        }
    }

    /**
     * A strong browser flow that asks the password with Keycloak's own form: wrong passwords then
     * count only on Keycloak's account-wide record, never on the password's lock schedule, and the
     * self-service unlock has no lock to open.
     */
    private void checkPasswordLock(AuthenticationFlowModel flow) {
        if (flow == null || flows.of(flow).weak() || !passwordFormChecked.add(flow.getId()) || !usesKeycloaksPasswordForm(flow.getId())) {
            return;
        }
        add("lockout.keycloak-password-form", Severity.MEDIUM, alias(flow),
                "The flow asks the password with Keycloak's own form: wrong passwords count only on Keycloak's account-wide "
                        + "record, never on the password's lock schedule (Realm settings, Nordic SCA).",
                "Use 'Nordic SCA: username and password (with password lock)' (" + PasswordFormFactory.PROVIDER_ID
                        + ") in place of Keycloak's username and password form.");
    }

    private boolean usesKeycloaksPasswordForm(String flowId) {
        return realm.getAuthenticationExecutionsStream(flowId)
                .filter(e -> e.getRequirement() != AuthenticationExecutionModel.Requirement.DISABLED)
                .anyMatch(e -> e.isAuthenticatorFlow() ? usesKeycloaksPasswordForm(e.getFlowId())
                        : KEYCLOAK_PASSWORD_FORMS.contains(e.getAuthenticator()));
    }

    private void checkLevelOrder() {
        realm.getAuthenticationFlowsStream().forEach(flow -> {
            List<Integer> levels = flows.levels(flow.getId());
            for (int i = 1; i < levels.size(); i++) {
                if (levels.get(i) <= levels.get(i - 1)) {
                    add("flow.level-order", Severity.MEDIUM, flow.getAlias(),
                            "The level-of-authentication subflows come in the order of levels " + levels + ", not lowest first: "
                                    + "Keycloak runs the first one on every fresh sign-in, whatever the client asked for, so a "
                                    + "sign-in that asks for no level gets that level's steps alone and a token naming that level, "
                                    + "and one that asks for a lower level goes through the higher level's steps.",
                            "Order the level subflows by level, lowest first.");
                    return;
                }
            }
        });
    }

    /**
     * Keycloak's OIDC login protocol settings, read as its authorization and PAR endpoints read them
     * ({@code AuthzEndpointRequestParser}): server options, so every realm's report names them.
     */
    private void checkRequestParameters() {
        LoginProtocol oidc = session.getProvider(LoginProtocol.class, OIDCLoginProtocol.LOGIN_PROTOCOL);
        if (oidc instanceof OIDCLoginProtocol protocol) {
            requestParameters(realm.getName(), protocol.getConfig()).ifPresent(findings::add);
        }
    }

    /**
     * {@code authorization_details} is an "additional" request parameter to Keycloak 26.7: one longer
     * than {@code add-req-params-max-size} (default 2000) is dropped without an error unless
     * {@code add-req-params-fail-fast} is on (default off), and the sign-in goes on without the payment.
     * Dropped silently: MEDIUM (no token without a second factor, but a payment that the customer never
     * saw, and a client that does not compare the token's {@code authorization_details} with its request
     * takes the sign-in for the approval). Refused, but below the payment's own limit: LOW (payments the
     * bank accepts are refused; one setting away from dropped).
     */
    static Optional<PostureFinding> requestParameters(String subject, OIDCProviderConfig oidc) {
        int limit = Math.min(oidc.getAdditionalReqParamsMaxSize(), oidc.getAdditionalReqParamsMaxOverallSize());
        String options = "--spi-login-protocol--openid-connect--add-req-params-fail-fast=true and "
                + "--spi-login-protocol--openid-connect--add-req-params-max-size=" + PaymentAuthorizationDetailsProcessor.MAX_JSON;
        if (!oidc.isAdditionalReqParamsFailFast(false)) {
            return Optional.of(new PostureFinding("server.request-params", Severity.MEDIUM, subject,
                    "The server drops a request's authorization_details longer than " + limit + " characters without an error "
                            + "(add-req-params-fail-fast is off): the sign-in goes on without the payment, which the customer "
                            + "never sees.",
                    "Start the server with " + options + "."));
        }
        if (limit < PaymentAuthorizationDetailsProcessor.MAX_JSON) {
            return Optional.of(new PostureFinding("server.request-params", Severity.LOW, subject,
                    "The server refuses a request's authorization_details longer than " + limit + " characters, below the "
                            + PaymentAuthorizationDetailsProcessor.MAX_JSON + " a payment may have.",
                    "Start the server with " + options + " (and no smaller add-req-params-max-overall-size)."));
        }
        return Optional.empty();
    }

    private void checkIdentityProviders() {
        List<IdentityProviderModel> providers = session.identityProviders().getAllStream()
                .filter(IdentityProviderModel::isEnabled).toList();
        if (providers.isEmpty()) {
            AuthenticationFlowModel firstBroker = realm.getFirstBrokerLoginFlow();
            if (flows.of(firstBroker).weak()) {
                add("flow.first-broker-login", Severity.LOW, alias(firstBroker),
                        "The realm's first broker login flow links or creates a customer without a second factor "
                                + "(no identity provider uses it yet).",
                        "Bind a first broker login flow that ends with a Nordic SCA step as REQUIRED before the account is linked.");
            }
            return;
        }
        for (IdentityProviderModel provider : providers) {
            AuthenticationFlowModel firstBroker = provider.getFirstBrokerLoginFlowId() == null
                    ? realm.getFirstBrokerLoginFlow() : realm.getAuthenticationFlowById(provider.getFirstBrokerLoginFlowId());
            if (flows.of(firstBroker).weak()) {
                add("flow.first-broker-login", Severity.HIGH, provider.getAlias(),
                        "The first sign-in through this identity provider links or creates a customer through '" + alias(firstBroker)
                                + "' without a second factor.",
                        "Bind a first broker login flow that ends with a Nordic SCA step as REQUIRED before the account is linked.");
            }
            AuthenticationFlowModel postBroker = provider.getPostBrokerLoginFlowId() == null
                    ? null : realm.getAuthenticationFlowById(provider.getPostBrokerLoginFlowId());
            if (postBroker == null || flows.of(postBroker).weak()) {
                add("flow.post-broker-login", Severity.MEDIUM, provider.getAlias(),
                        "Linked customers sign in with this identity provider alone: no post login flow asks for a second factor.",
                        "Bind a post login flow with a Nordic SCA step, unless the provider itself is a strong method (e.g. BankID).");
            }
        }
    }

    private void checkBruteForce() {
        if (!realm.isBruteForceProtected()) {
            add("brute-force.off", Severity.HIGH, realm.getName(),
                    "Brute-force detection is off: wrong passwords and codes never block.",
                    "Turn on brute-force detection (Realm settings, Security defenses) with at most 5 failures.");
        } else if (realm.getFailureFactor() > PSD2_MAX_FAILURES) {
            add("brute-force.failure-factor", Severity.HIGH, realm.getName(),
                    "Brute-force detection allows " + realm.getFailureFactor() + " failures; PSD2 RTS art. 4(3)(b) allows at most 5.",
                    "Set Max login failures to 5 or less.");
        }
        if (realm.isBruteForceProtected() && realm.isPermanentLockout()) {
            add("brute-force.permanent-lockout", Severity.MEDIUM, realm.getName(),
                    "Keycloak's permanent lockout is on: it disables the whole account, password and every second factor, "
                            + "and neither the lockout desk's unlock nor the customer's self-service unlock enables it again "
                            + "(Keycloak's reset-credentials flow skips a disabled user).",
                    "Turn Permanent lockout off (Lockout temporarily); each factor's schedule (Realm settings, Nordic SCA) "
                            + "locks that factor until the bank or the customer opens it.");
        }
    }

    /**
     * Each factor's lock lives in user attributes the user profile does not declare, which is safe
     * only while nobody may edit undeclared attributes through the profile: with "Unmanaged
     * attributes: Enabled" a locked customer opens their own lock in the account console, and with
     * "Only administrators can edit" an admin changes it with no reason and no desk event.
     */
    private void checkLockStore() {
        UPConfig.UnmanagedAttributePolicy policy = unmanagedAttributePolicy();
        if (policy == UPConfig.UnmanagedAttributePolicy.ENABLED) {
            add("lockout.editable-locks", Severity.HIGH, realm.getName(),
                    "The user profile lets customers edit attributes it does not declare (Unmanaged attributes: Enabled), and "
                            + "each factor's lock is kept in such attributes (" + FactorLocks.PREFIX + "*): a locked customer "
                            + "can open their own lock in the account console or the account API.",
                    "Set Realm settings, General, Unmanaged attributes to 'Only administrators can view' or Disabled.");
        } else if (policy == UPConfig.UnmanagedAttributePolicy.ADMIN_EDIT) {
            add("lockout.editable-locks", Severity.MEDIUM, realm.getName(),
                    "Unmanaged attributes are editable by administrators: an admin with manage-users can change a factor's lock "
                            + "(" + FactorLocks.PREFIX + "*) in the user's attributes, with no reason and no lockout event.",
                    "Set Unmanaged attributes to 'Only administrators can view' or Disabled; the lockout desk changes locks "
                            + "with a reason kept in the admin events.");
        }
    }

    private UPConfig.UnmanagedAttributePolicy unmanagedAttributePolicy() {
        RealmModel previous = session.getContext().getRealm();
        session.getContext().setRealm(realm); // the user profile reads the context's realm
        try {
            return session.getProvider(UserProfileProvider.class).getConfiguration().getUnmanagedAttributePolicy();
        } finally {
            session.getContext().setRealm(previous);
        }
    }

    private void checkOurSteps() {
        realm.getAuthenticationFlowsStream().forEach(flow -> realm.getAuthenticationExecutionsStream(flow.getId())
                .filter(e -> e.getRequirement() != AuthenticationExecutionModel.Requirement.DISABLED)
                .forEach(execution -> checkStep(flow, execution)));
        RequiredActionProviderModel registerPhone = realm.getRequiredActionProviderByAlias(RegisterPhoneActionFactory.PROVIDER_ID);
        if (registerPhone != null && registerPhone.isEnabled()) {
            RequiredActionConfigModel config = realm.getRequiredActionConfigByAlias(registerPhone.getAlias());
            if (LogSmsSenderFactory.PROVIDER_ID.equals(SmsOtpConfig.from(config == null ? null : config.getConfig()).sender())) {
                smsLogSender(registerPhone.getAlias());
            }
        }
    }

    /** The unlock decoy stands in for the SMS step, so that step must be the next one to run. */
    private boolean smsStepFollows(AuthenticationExecutionModel identify) {
        return realm.getAuthenticationExecutionsStream(identify.getParentFlow())
                .filter(e -> e.getPriority() > identify.getPriority() && !e.isDisabled())
                .min(Comparator.comparingInt(AuthenticationExecutionModel::getPriority))
                .map(next -> next.isRequired() && SmsOtpAuthenticatorFactory.PROVIDER_ID.equals(next.getAuthenticator()))
                .orElse(false);
    }

    private void checkStep(AuthenticationFlowModel flow, AuthenticationExecutionModel execution) {
        AuthenticatorConfigModel config = execution.getAuthenticatorConfig() == null
                ? null : realm.getAuthenticatorConfigById(execution.getAuthenticatorConfig());
        // Flows may share one step configuration (the demo's do): one finding per configuration.
        String where = config == null ? flow.getAlias() : config.getAlias();
        if (!checkedSteps.add(execution.getAuthenticator() + " " + where)) {
            return;
        }
        if (UnlockIdentifyFactory.PROVIDER_ID.equals(execution.getAuthenticator()) && !smsStepFollows(execution)) {
            add("flow.unlock-order", Severity.MEDIUM, flow.getAlias(),
                    "The self-service unlock's identify step is not followed directly by the SMS code step: a username that cannot "
                            + "unlock then meets Keycloak's error where a customer meets the next step, which tells the two apart.",
                    "Put 'Nordic SCA: SMS code' (REQUIRED) right after 'Nordic SCA: unlock - identify the customer', in the same flow.");
        }
        if (SmsOtpAuthenticatorFactory.PROVIDER_ID.equals(execution.getAuthenticator())
                && LogSmsSenderFactory.PROVIDER_ID.equals(SmsOtpConfig.from(config).sender())) {
            smsLogSender(where);
        }
        if (CodeCardAuthenticatorFactory.PROVIDER_ID.equals(execution.getAuthenticator()) && !codeCardPepperChecked) {
            codeCardPepperChecked = true;
            CodeCardCredentialProvider cards = (CodeCardCredentialProvider) session.getProvider(CredentialProvider.class,
                    CodeCardCredentialProviderFactory.PROVIDER_ID);
            if (cards != null && !cards.sealsWithPepper()) {
                add("codecard.no-pepper", Severity.MEDIUM, realm.getName(),
                        "Code card cells are sealed without a pepper: a copy of the database alone is enough to try every "
                                + "code offline.",
                        "Set the server option --spi-credential--nordic-sca-code-card--peppers (a vault reference), then issue new cards.");
            }
        }
        if (CodeCardAuthenticatorFactory.PROVIDER_ID.equals(execution.getAuthenticator())
                && CodeCardConfig.from(config).possessionElement()) {
            add("codecard.possession-element", Severity.INFO, where,
                    "The bank declares the code card a possession element: password and card sign a customer in at the SCA "
                            + "level. Under EBA-Op-2019-06 a printed card is not one unless the bank can show it is.",
                    "Keep the evidence for this declaration, or turn off 'Possession element (SCA)' so that the app or an SMS "
                            + "code is asked for.");
        }
        if (AppApprovalAuthenticatorFactory.PROVIDER_ID.equals(execution.getAuthenticator())) {
            AppApprovalConfig app = AppApprovalConfig.from(config);
            if ("log".equals(app.pushSender())) {
                add("app.log-push", Severity.MEDIUM, where,
                        "The app approval step announces requests only in the server log (the demo's 'log' push): customers "
                                + "learn of a request only when the app polls.",
                        "Choose the 'fcm' or 'webhook' push sender in the step's settings.");
            }
            if ("select".equals(app.modeId())) {
                add("app.select-mode", Severity.MEDIUM, where,
                        "The app offers three event IDs: a customer who taps without reading approves an attacker's request "
                                + "with odds 1 in 3 per push (about 87% within five pushes).",
                        "Choose the 'enter' mode: the customer types the event ID the browser shows.");
            } else if ("compare".equals(app.modeId())) {
                add("app.compare-mode", Severity.MEDIUM, where,
                        "The customer only compares event IDs and taps Approve: a customer who does not read approves every "
                                + "push (push fatigue; NIST SP 800-63B rev 4 no longer accepts approval alone).",
                        "Choose the 'enter' mode: the customer types the event ID the browser shows.");
            }
        }
    }

    private void smsLogSender(String where) {
        add("sms.log-sender", Severity.HIGH, where,
                "One-time codes go to the server log (the demo's 'log' SMS sender).",
                "Choose the 'twilio' sender in the settings, and leave the log sender off on the server.");
    }

    private AuthenticationFlowModel boundFlow(ClientModel client, String binding, AuthenticationFlowModel realmFlow) {
        String override = client.getAuthenticationFlowBindingOverride(binding);
        return override == null ? realmFlow : realm.getAuthenticationFlowById(override);
    }

    private static String alias(AuthenticationFlowModel flow) {
        return flow == null ? "(none)" : flow.getAlias();
    }

    private void add(String id, Severity severity, String subject, String problem, String fix) {
        findings.add(new PostureFinding(id, severity, Objects.requireNonNullElse(subject, "(none)"), problem, fix));
    }

    /** No finding above {@link Severity#INFO}. */
    static boolean clean(List<PostureFinding> findings) {
        return findings.stream().allMatch(finding -> finding.severity() == Severity.INFO);
    }

    /** For the JSON answer: the realm and its findings. */
    public record Report(String realm, boolean clean, List<PostureFinding> findings) {
        static Report of(String realm, List<PostureFinding> findings) {
            return new Report(realm, SecurityPosture.clean(findings), findings);
        }
    }
}
