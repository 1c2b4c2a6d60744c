package io.nordicsca.it.bench.load;

import java.net.http.HttpClient;
import java.time.Duration;

import io.nordicsca.it.support.Browser;
import io.nordicsca.it.support.OidcClient;
import org.keycloak.admin.client.resource.RealmResource;

/** The realm under load, as browsers and the bank's tools reach it; one HTTP client for all browsers and phones. */
record Site(LoadTarget target, String realm, HttpClient http) {

    /** A request that takes longer than this fails the login (a real browser would have shown an error by then). */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    static Site of(LoadTarget target, String realm) {
        // HTTP/1.1 on loopback as a browser without TLS speaks it; a connection pool, no redirects followed.
        return new Site(target, realm, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build());
    }

    String realmUrl() {
        return target.baseUrl() + "/realms/" + realm;
    }

    RealmResource admin() {
        return target.admin().realm(realm);
    }

    Browser browser() {
        return new Browser(target.baseUrl(), http, REQUEST_TIMEOUT);
    }

    OidcClient app() {
        return OidcClient.demo(realmUrl());
    }
}
