package io.nordicsca.keycloak.app;

import java.net.http.HttpClient;
import java.time.Duration;

import io.nordicsca.keycloak.OutboundHttp;
import org.keycloak.Config;
import org.keycloak.common.Profile;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.grants.ciba.channel.AuthenticationChannelProvider;
import org.keycloak.protocol.oidc.grants.ciba.channel.AuthenticationChannelProviderFactory;

/**
 * The server's CIBA authentication channel (SPI {@code ciba-auth-channel}): a backchannel request
 * becomes an approval request in the customer's app ({@link CibaChannel}). Its {@link #order} is
 * above Keycloak's HTTP channel ({@code ciba-http-auth-channel}, order 0), so Keycloak makes it the
 * default without options: {@code DefaultKeycloakSessionFactory.resolveDefaultProvider} picks the
 * factory of the highest order above 0 when none is configured. It also keeps the HTTP client of the
 * ping mode's notifications ({@link CibaRequests}), option {@code timeout-ms}.
 */
public class CibaChannelFactory implements AuthenticationChannelProviderFactory {

    /**
     * The order of our three CIBA providers (channel, user resolver, token grant): above Keycloak's own
     * (0), so ours are the defaults without server options and replace its grant of the same id.
     */
    static final int OVER_KEYCLOAKS = 10;

    public static final String PROVIDER_ID = "nordic-sca-app";
    static final OutboundHttp.Timeout TIMEOUT = new OutboundHttp.Timeout(200, 10_000, 3000);

    private Duration timeout;
    private HttpClient http;

    @Override
    public AuthenticationChannelProvider create(KeycloakSession session) {
        return new CibaChannel(session);
    }

    @Override
    public void init(Config.Scope config) {
        timeout = TIMEOUT.read(config);
        http = OutboundHttp.client(timeout);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
        http = null;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public int order() {
        return OVER_KEYCLOAKS;
    }

    @Override
    public boolean isSupported(Config.Scope config) {
        return Profile.isFeatureEnabled(Profile.Feature.CIBA);
    }

    /** Whether Keycloak hands this server's CIBA requests to the app ({@code session.getProvider(AuthenticationChannelProvider.class)}). */
    public static boolean isTheServers(KeycloakSession session) {
        return session.getProvider(AuthenticationChannelProvider.class) instanceof CibaChannel;
    }

    HttpClient http() {
        return http;
    }

    Duration timeout() {
        return timeout;
    }
}
