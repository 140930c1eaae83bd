package io.tandem.replicator.check;

import io.tandem.replicator.config.ChannelConfig;
import io.tandem.replicator.config.LoopPrevention;
import io.tandem.replicator.config.ReplicatorConfig;
import io.tandem.replicator.config.StartupCheck;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The checks that compare servers with each other: ids, auto-increment, GTID domains, native replication. */
final class TopologyChecks {

    private final ReplicatorConfig config;
    private final Topology topology;
    private final Findings findings;

    TopologyChecks(ReplicatorConfig config, Topology topology, Findings findings) {
        this.config = config;
        this.topology = topology;
        this.findings = findings;
    }

    /** @param reachable the used servers that answered, in configuration order */
    void check(List<ServerFacts> reachable) {
        serverIds(reachable);
        readerIds(reachable);
        autoIncrement(reachable);
        gtidDomains(reachable);
        nativeReplication(reachable);
    }

    private void serverIds(List<ServerFacts> reachable) {
        Map<String, List<ServerFacts>> byId = new LinkedHashMap<>();
        for (ServerFacts facts : reachable) {
            facts.variable("server_id").filter(id -> !id.equals("0"))
                    .ifPresent(id -> byId.computeIfAbsent(id, k -> new ArrayList<>()).add(facts));
        }
        byId.forEach((id, servers) -> {
            if (servers.size() < 2) {
                return;
            }
            List<String> labels = servers.stream().map(ServerFacts::label).toList();
            Set<String> addresses = new LinkedHashSet<>(servers.stream().map(f -> f.server().address()).toList());
            findings.fixedProblem(StartupCheck.SERVER_ID, concerning(servers), String.join(" and ", labels)
                    + (servers.size() == 2 ? " both" : " all") + " have server_id " + id + (addresses.size() == 1 ? " (they are the same address: is one"
                    + " server configured twice?)" : "") + ": every server needs its own. Loop prevention would take"
                    + " one server's changes for the other's own and drop them; native replication refuses such a"
                    + " pair too. Set a distinct server-id in each my.cnf");
        });
    }

    private void readerIds(List<ServerFacts> reachable) {
        for (ChannelConfig channel : config.channels()) {
            for (ServerFacts facts : reachable) {
                if (facts.variable("server_id").map(Long.toString(channel.readerServerId())::equals).orElse(false)) {
                    findings.fixedProblem(StartupCheck.READER_SERVER_ID, List.of(channel), "channel " + channel.name()
                            + ": reader-server-id " + channel.readerServerId() + " is the server_id of "
                            + facts.label() + "; the source would take tandem's reader for that server. Set"
                            + " reader-server-id in [channel " + channel.name() + "] to an id no server uses");
                }
            }
        }
    }

    private record AutoIncrement(ServerFacts facts, long increment, long offset) {}

    private void autoIncrement(List<ServerFacts> reachable) {
        Set<String> masters = topology.sources();
        if (masters.size() < 2) {
            return;
        }
        List<AutoIncrement> usable = new ArrayList<>();
        for (ServerFacts facts : reachable) {
            if (!masters.contains(facts.server().name())) {
                continue;
            }
            long increment = number(facts, "auto_increment_increment");
            long offset = number(facts, "auto_increment_offset");
            if (increment <= 0 || offset <= 0) {
                continue;
            }
            List<ChannelConfig> touching = topology.touching(facts.server().name());
            if (increment < masters.size()) {
                findings.problem(StartupCheck.AUTO_INCREMENT, touching, facts.label() + ": auto_increment_increment is "
                        + increment + ", but " + masters.size() + " masters take writes (" + String.join(", ", masters)
                        + "): it must be at least " + masters.size() + " on every master, each with its own"
                        + " auto_increment_offset (the seed: increment 2, offsets 1 and 2), or inserts on two masters"
                        + " get the same keys");
            } else if (offset > increment) {
                findings.problem(StartupCheck.AUTO_INCREMENT, touching, facts.label() + ": auto_increment_offset "
                        + offset + " is larger than auto_increment_increment " + increment + ", and the server does"
                        + " not use such an offset (MySQL's manual: it is ignored); choose an offset from 1 to "
                        + increment);
            } else {
                usable.add(new AutoIncrement(facts, increment, offset));
            }
        }
        for (int i = 0; i < usable.size(); i++) {
            for (int j = i + 1; j < usable.size(); j++) {
                collision(usable.get(i), usable.get(j));
            }
        }
    }

    /** Two sequences offset + k * increment meet exactly when the offsets differ by a multiple of the increments' gcd. */
    private void collision(AutoIncrement a, AutoIncrement b) {
        long gcd = gcd(a.increment(), b.increment());
        if ((a.offset() - b.offset()) % gcd != 0) {
            return;
        }
        List<Long> shared = new ArrayList<>();
        for (long value = a.offset(); shared.size() < 3 && value < a.offset() + a.increment() * 100_000; value += a.increment()) {
            if (value >= b.offset() && (value - b.offset()) % b.increment() == 0) {
                shared.add(value);
            }
        }
        List<ChannelConfig> concerned = new ArrayList<>(topology.touching(a.facts().server().name()));
        topology.touching(b.facts().server().name()).stream().filter(c -> !concerned.contains(c)).forEach(concerned::add);
        findings.problem(StartupCheck.AUTO_INCREMENT, concerned, a.facts().label() + " and " + b.facts().label()
                + " hand out the same auto-increment values (" + String.join(", ", shared.stream().map(String::valueOf).toList())
                + ", ...): " + a.facts().server().name() + " has auto_increment_increment " + a.increment() + ", offset "
                + a.offset() + ", and " + b.facts().server().name() + " has " + b.increment() + ", offset " + b.offset()
                + ", so rows inserted on both collide. Give each master its own offset, e.g. auto_increment_offset = 1"
                + " on " + a.facts().server().name() + " and 2 on " + b.facts().server().name());
    }

    private void gtidDomains(List<ServerFacts> reachable) {
        Map<String, List<ServerFacts>> byDomain = new LinkedHashMap<>();
        for (ServerFacts facts : reachable) {
            if (topology.sources().contains(facts.server().name())) {
                facts.variable("gtid_domain_id")
                        .ifPresent(domain -> byDomain.computeIfAbsent(domain, k -> new ArrayList<>()).add(facts));
            }
        }
        byDomain.forEach((domain, servers) -> {
            if (servers.size() < 2) {
                return;
            }
            String who = String.join(" and ", servers.stream().map(ServerFacts::label).toList());
            if (config.loopPrevention() == LoopPrevention.SERVER_ID) {
                findings.problem(StartupCheck.GTID_DOMAIN_ID, concerning(servers), who + " share gtid_domain_id "
                        + domain + ": with loop-prevention = server-id every transaction keeps its origin's GTID, and"
                        + " two masters numbering GTIDs in one domain interleave their sequence numbers, which"
                        + " gtid_strict_mode rejects (error 1950) and which leaves the GTID position ambiguous. Give"
                        + " each master its own gtid_domain_id in its my.cnf (1 on the first, 2 on the second)");
            } else {
                findings.warning(who + " share gtid_domain_id " + domain + "; with loop-prevention = marker tandem"
                        + " does not depend on it, but GTID-based failover tools expect one domain per master");
            }
        });
    }

    /** A native replica from a server tandem now replicates from would apply every change a second time. */
    private void nativeReplication(List<ServerFacts> reachable) {
        for (ServerFacts target : reachable) {
            for (ServerFacts.NativeReplica replica : target.nativeReplicas()) {
                if (!replica.isRunning()) {
                    continue;
                }
                Optional<ServerFacts> master = masterOf(replica, reachable);
                if (master.isEmpty()) {
                    continue;
                }
                String masterName = master.get().server().name();
                List<ChannelConfig> duplicated = topology.into(target.server().name()).stream()
                        .filter(c -> c.source().equals(masterName)).toList();
                if (!duplicated.isEmpty()) {
                    findings.problem(StartupCheck.NATIVE_REPLICATION, duplicated, target.label()
                            + " still runs native replication from " + masterName + " (" + replica.describe()
                            + "), and channel " + Topology.names(duplicated) + " replicates the same direction: every"
                            + " change would be applied twice. On " + target.server().name() + " run STOP SLAVE"
                            + (replica.connectionName().isEmpty() ? "" : " '" + replica.connectionName() + "'")
                            + "; RESET SLAVE" + (replica.connectionName().isEmpty() ? "" : " '" + replica.connectionName() + "'")
                            + " ALL;");
                }
            }
        }
    }

    /** The configured server a native replica reads from: by its server_id, else by host and port. */
    static Optional<ServerFacts> masterOf(ServerFacts.NativeReplica replica, List<ServerFacts> servers) {
        for (ServerFacts facts : servers) {
            if (replica.masterServerId() != 0
                    && facts.variable("server_id").map(Long.toString(replica.masterServerId())::equals).orElse(false)) {
                return Optional.of(facts);
            }
        }
        for (ServerFacts facts : servers) {
            if (facts.server().host().equalsIgnoreCase(replica.masterHost()) && facts.server().port() == replica.masterPort()) {
                return Optional.of(facts);
            }
        }
        return Optional.empty();
    }

    private List<ChannelConfig> concerning(List<ServerFacts> servers) {
        List<ChannelConfig> channels = new ArrayList<>();
        for (ServerFacts facts : servers) {
            topology.touching(facts.server().name()).stream().filter(c -> !channels.contains(c)).forEach(channels::add);
        }
        return channels;
    }

    private static long number(ServerFacts facts, String variable) {
        try {
            return facts.variable(variable).map(Long::parseLong).orElse(-1L);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
