package io.tandem.drbd.config;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the parser checks beyond the grammar.
 *
 * @param hostNames the names of the pair's hosts ({@code uname -n} of each node). When not empty, every {@code on}
 *     section must name one of them and every resource must have a section for at least one: drbdadm otherwise
 *     answers {@code 'r0' not defined in your config (for this host)} only when the resource is brought up.
 * @param dialect when present, options that this dialect's drbdadm refuses where they are written are problems
 */
public record ConfigChecks(Set<String> hostNames, Optional<Dialect> dialect) {

    public ConfigChecks {
        hostNames = Set.copyOf(hostNames);
        Objects.requireNonNull(dialect, "dialect");
    }

    /** Grammar, vocabulary, values, minors and ports only. */
    public static ConfigChecks grammarOnly() {
        return new ConfigChecks(Set.of(), Optional.empty());
    }

    public static ConfigChecks forHosts(Set<String> hostNames) {
        return new ConfigChecks(hostNames, Optional.empty());
    }

    public ConfigChecks withDialect(Dialect target) {
        return new ConfigChecks(hostNames, Optional.of(target));
    }
}
