package io.tandem.replicator.config;

import io.tandem.common.Secret;
import java.util.Objects;

/**
 * One MySQL/MariaDB server of the group ({@code [server NAME]}): how to reach it, and what its settings
 * are expected to be. The same user reads the binlog where the server is a channel's source and
 * applies changes where it is a target.
 */
public record ServerConfig(String name, String host, int port, String user, Secret password, ExpectedSettings expected) {

    public ServerConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(expected, "expected");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** {@code host:port}, as messages name the server. */
    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
