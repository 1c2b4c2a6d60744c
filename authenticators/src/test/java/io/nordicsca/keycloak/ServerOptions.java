package io.nordicsca.keycloak;

import java.util.Map;
import java.util.Set;

import org.keycloak.Config;

/** Server options ({@code --spi-...}) as Keycloak hands them to a provider factory's {@code init}. */
public final class ServerOptions {

    private ServerOptions() {
    }

    public static Config.Scope of(Map<String, String> values) {
        return new Config.AbstractScope() {
            @Override
            public String get(String key) {
                return values.get(key);
            }

            @Override
            public Config.Scope scope(String... path) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Set<String> getPropertyNames() {
                return values.keySet();
            }

            @Override
            public Config.Scope root() {
                return this;
            }
        };
    }
}
