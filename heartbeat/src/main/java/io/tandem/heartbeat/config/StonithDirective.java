package io.tandem.heartbeat.config;

import io.tandem.common.Secret;
import java.util.Objects;

/**
 * A {@code stonith} or {@code stonith_host} line of ha.cf, kept as written. The arguments are a {@link Secret}:
 * {@code stonith_host} lines carry device logins and passwords.
 *
 * @param directive {@code stonith} or {@code stonith_host}
 * @param arguments the rest of the line
 */
public record StonithDirective(String directive, Secret arguments) {

    public StonithDirective {
        Objects.requireNonNull(directive, "directive");
        Objects.requireNonNull(arguments, "arguments");
    }
}
