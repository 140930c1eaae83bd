package io.tandem.replicator.config;

import io.tandem.common.Secret;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * The admin HTTP endpoint ({@code admin-listen}, {@code admin-token}, {@code admin-token-file} in
 * {@code [replicator]}): status as JSON and Prometheus metrics.
 *
 * @param listen the address to bind, resolved; empty when {@code admin-listen = off}. Port 0 asks the
 *     system for a free port (tests).
 * @param token the bearer token every request must carry, or empty when none is required (only allowed
 *     on a loopback address)
 */
public record AdminConfig(Optional<InetSocketAddress> listen, Optional<Secret> token) {

    public static final int DEFAULT_PORT = 8470;

    /** Loopback only, port 8470, no token: what a configuration without admin keys gets. */
    public static final AdminConfig DEFAULT =
            new AdminConfig(Optional.of(new InetSocketAddress("127.0.0.1", DEFAULT_PORT)), Optional.empty());

    public static final AdminConfig DISABLED = new AdminConfig(Optional.empty(), Optional.empty());

    public AdminConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(token, "token");
        listen.ifPresent(address -> {
            if (address.isUnresolved()) {
                throw new IllegalArgumentException("admin address " + address + " is not resolved");
            }
            if (!isLoopback(address) && token.isEmpty()) {
                throw new IllegalArgumentException("admin endpoint on " + address
                        + " is reachable from other hosts and needs a token");
            }
        });
        if (token.isPresent() && token.get().isEmpty()) {
            throw new IllegalArgumentException("the admin token is empty");
        }
    }

    public boolean isEnabled() {
        return listen.isPresent();
    }

    /** Whether only this host can connect: 127.0.0.0/8 or ::1, not a wildcard such as 0.0.0.0. */
    static boolean isLoopback(InetSocketAddress address) {
        return address.getAddress() != null && address.getAddress().isLoopbackAddress();
    }
}
