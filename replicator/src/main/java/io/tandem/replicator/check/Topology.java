package io.tandem.replicator.check;

import io.tandem.replicator.config.ChannelConfig;
import io.tandem.replicator.config.ReplicatorConfig;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SequencedSet;

/** Which servers the channels use and in which role, in the configuration's order. */
final class Topology {

    private final ReplicatorConfig config;

    Topology(ReplicatorConfig config) {
        this.config = config;
    }

    /** Servers at least one channel reads from or applies to; the others are not checked. */
    SequencedSet<String> usedServers() {
        SequencedSet<String> used = new LinkedHashSet<>();
        for (String name : config.servers().keySet()) {
            if (!touching(name).isEmpty()) {
                used.add(name);
            }
        }
        return used;
    }

    /** The masters: servers whose binlog a channel reads, where applications therefore write. */
    SequencedSet<String> sources() {
        SequencedSet<String> sources = new LinkedHashSet<>();
        for (String name : config.servers().keySet()) {
            if (!from(name).isEmpty()) {
                sources.add(name);
            }
        }
        return sources;
    }

    List<ChannelConfig> touching(String server) {
        return config.channels().stream()
                .filter(c -> c.source().equals(server) || c.target().equals(server)).toList();
    }

    List<ChannelConfig> from(String server) {
        return config.channels().stream().filter(c -> c.source().equals(server)).toList();
    }

    List<ChannelConfig> into(String server) {
        return config.channels().stream().filter(c -> c.target().equals(server)).toList();
    }

    static String names(List<ChannelConfig> channels) {
        return String.join(", ", channels.stream().map(ChannelConfig::name).toList());
    }
}
