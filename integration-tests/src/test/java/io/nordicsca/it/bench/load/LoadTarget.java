package io.nordicsca.it.bench.load;

import java.util.List;

import org.keycloak.admin.client.Keycloak;

/**
 * What the load driver needs of the Keycloak it loads: where browsers go, an admin client, and
 * the server processes whose CPU time it reads. One node or a cluster behind a proxy alike.
 */
public interface LoadTarget {

    /** As the report names it, e.g. "1 node". */
    String name();

    /** The Keycloak base URL browsers, apps and phones use (the proxy, for a cluster). */
    String baseUrl();

    Keycloak admin();

    /** Every Keycloak server process of the target (their CPU time is summed). */
    List<Long> serverPids();

    /** How the processes share the machine's CPUs, for the report (e.g. "pinned to CPU 0 by taskset"). */
    String placement();

    /** The nodes, by name; empty for a target that cannot route to one node. */
    default List<String> nodes() {
        return List.of();
    }

    /** Sends every later request to this node (a request already in flight stays where it is). */
    default void pin(String node) {
        throw new UnsupportedOperationException(name() + " cannot route to one node");
    }

    /** Spreads requests over all nodes again, round robin. */
    default void spread() {
    }
}
