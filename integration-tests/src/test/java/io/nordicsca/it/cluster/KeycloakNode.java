package io.nordicsca.it.cluster;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One Keycloak of the {@link KeycloakCluster}: a copy of the built distribution run as
 * {@code kc.sh start --optimized}, on loopback with its own HTTP, management and JGroups ports.
 * Its JGroups name is its {@link #name()}, so the route Keycloak appends to the
 * {@code AUTH_SESSION_ID} cookie names it.
 */
public final class KeycloakNode {

    private final String name;
    private final int httpPort;
    private final int managementPort;
    private final int jgroupsPort;
    private final Path home;
    private final Path log;
    private volatile Process process;
    private volatile ProcessHandle jvm;

    KeycloakNode(String name, int httpPort, int managementPort, int jgroupsPort, Path home, Path log) {
        this.name = name;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.jgroupsPort = jgroupsPort;
        this.home = home;
        this.log = log;
    }

    public String name() {
        return name;
    }

    /** The node itself, past the proxy (its pages still name the proxy's hostname). */
    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** The management interface (health checks). */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public int managementPort() {
        return managementPort;
    }

    public int jgroupsPort() {
        return jgroupsPort;
    }

    /** The unpacked distribution this node runs from. */
    public Path home() {
        return home;
    }

    /** stdout and stderr of the node (Keycloak's console log). */
    public Path log() {
        return log;
    }

    /** The {@code kc.sh} process (a shell that runs the server's JVM as its child). */
    public Process process() {
        return process;
    }

    /**
     * The server JVM's process id (the child of {@code kc.sh}), e.g. to read its CPU time from
     * {@code /proc/<pid>/stat}; the shell's own id while the JVM has not been spawned yet.
     */
    public long pid() {
        return jvm().map(ProcessHandle::pid).orElse(process.pid());
    }

    public boolean isAlive() {
        Process current = process;
        return current != null && current.isAlive() && jvm().map(ProcessHandle::isAlive).orElse(false);
    }

    Optional<ProcessHandle> jvm() {
        Process current = process;
        if (jvm == null && current != null) {
            jvm = current.toHandle().children()
                    .filter(child -> child.info().command().map(command -> command.endsWith("java")).orElse(false))
                    .findFirst().orElse(null);
        }
        return Optional.ofNullable(jvm);
    }

    void started(Process process) {
        this.jvm = null;
        this.process = process;
    }

    /** SIGKILL to the JVM and the shell: no shutdown, no goodbye to the cluster. */
    void killForcibly() {
        Process current = process;
        if (current == null) {
            return;
        }
        current.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        current.destroyForcibly();
        KeycloakCluster.await(current, 30);
        current.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
    }

    /** SIGTERM (kc.sh forwards it to the JVM, which leaves the cluster), SIGKILL after a while. */
    void stop() {
        Process current = process;
        if (current == null || !current.isAlive()) {
            return;
        }
        current.destroy();
        if (!KeycloakCluster.await(current, 30)) {
            killForcibly();
        }
    }

    @Override
    public String toString() {
        return "node " + name + " (" + baseUrl() + ")";
    }
}
