package io.tandem.replicator.check;

import io.tandem.replicator.config.ChannelConfig;
import io.tandem.replicator.config.ExpectedSettings;
import io.tandem.replicator.config.LoopPrevention;
import io.tandem.replicator.config.ReplicatorConfig;
import io.tandem.replicator.config.StartupCheck;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;

/** The checks of one reachable server's own settings (binlog notes section 5). */
final class ServerSettingChecks {

    private final ReplicatorConfig config;
    private final Topology topology;
    private final Findings findings;

    ServerSettingChecks(ReplicatorConfig config, Topology topology, Findings findings) {
        this.config = config;
        this.topology = topology;
        this.findings = findings;
    }

    void check(ServerFacts facts, List<ServerFacts> allReachable) {
        String name = facts.server().name();
        List<ChannelConfig> touching = topology.touching(name);
        if (facts.variable("server_id").map("0"::equals).orElse(false)) {
            findings.fixedProblem(StartupCheck.SERVER_ID, touching, facts.label() + ": server_id is 0, which means"
                    + " \"not part of replication\": the server refuses replicas and tandem's loop prevention names"
                    + " transactions by their origin's server_id. Set server-id in " + name + "'s my.cnf");
        }
        expected(facts, touching);
        List<ChannelConfig> from = topology.from(name);
        if (!from.isEmpty()) {
            asSource(facts, from, allReachable);
        }
        List<ChannelConfig> into = topology.into(name);
        if (!into.isEmpty()) {
            asTarget(facts, into);
        }
    }

    private void asSource(ServerFacts facts, List<ChannelConfig> from, List<ServerFacts> allReachable) {
        String name = facts.server().name();
        String readers = "channel " + Topology.names(from);
        if (!facts.isOn("log_bin")) {
            findings.fixedProblem(StartupCheck.LOG_BIN, from, facts.label() + ": the binary log is off (log_bin = OFF),"
                    + " so " + readers + " has nothing to read. Add log-bin = mysql-bin to " + name
                    + "'s my.cnf and restart it");
            return;
        }
        String format = facts.variable("binlog_format").orElse("").toUpperCase(Locale.ROOT);
        if (format.equals("MIXED")) {
            findings.problem(StartupCheck.BINLOG_FORMAT, from, facts.label() + ": binlog_format is MIXED, so ordinary"
                    + " DML reaches " + readers + " as SQL statements that tandem must replay, with the same risks as"
                    + " statement replication (nondeterministic statements may differ on the peer). Set"
                    + " binlog_format = ROW in " + name + "'s my.cnf (and SET GLOBAL binlog_format = 'ROW'), or allow"
                    + " statement replay");
        } else if (format.equals("STATEMENT")) {
            findings.fixedProblem(StartupCheck.BINLOG_FORMAT, from, facts.label() + ": binlog_format is STATEMENT:"
                    + " every change, unsafe statements included, arrives as SQL text that may run differently on"
                    + " the peer. Set binlog_format = ROW in " + name + "'s my.cnf (MIXED can be allowed, STATEMENT"
                    + " cannot)");
        }
        facts.variable("binlog_row_image").filter(image -> !image.equalsIgnoreCase("FULL")).ifPresent(image ->
                findings.problem(StartupCheck.BINLOG_ROW_IMAGE, from, facts.label() + ": binlog_row_image is " + image
                        + ": updates and deletes then carry only some columns, so tandem cannot find rows of tables"
                        + " without a primary key nor notice that the peer's row differs. Set binlog_row_image = FULL"
                        + " in " + name + "'s my.cnf (and SET GLOBAL binlog_row_image = 'FULL')"));
        if (facts.isOn("log_bin_compress")) {
            findings.fixedProblem(StartupCheck.LOG_BIN_COMPRESS, from, facts.label() + ": log_bin_compress is ON:"
                    + " the binlog library tandem reads with drops compressed events without an error, so whole"
                    + " transactions would vanish. Set log_bin_compress = OFF in " + name + "'s my.cnf");
        }
        facts.variable("binlog_row_metadata").filter(value -> !value.equalsIgnoreCase("FULL")).ifPresent(value ->
                findings.warning(facts.label() + ": binlog_row_metadata is " + value + "; with FULL the binlog"
                        + " names columns and their signedness and charsets, otherwise tandem reads them from"
                        + " information_schema, which can be wrong right after an ALTER TABLE"));
        facts.variable("sync_binlog").filter(value -> !value.equals("1")).ifPresent(value ->
                findings.warning(facts.label() + ": sync_binlog is " + value + "; after a crash " + name
                        + " can lose the binlog tail of transactions the peer already has. 1 is crash-safe"));
        facts.variable("innodb_flush_log_at_trx_commit").filter(value -> !value.equals("1")).ifPresent(value ->
                findings.warning(facts.label() + ": innodb_flush_log_at_trx_commit is " + value
                        + "; a crash can lose committed transactions. 1 is crash-safe"));
        nativeFeeds(facts, from, allReachable);
    }

    /**
     * tandem's own writes are client writes, always binlogged, so a ring of tandem channels needs no
     * log_slave_updates. A native replica feeding a tandem source does: without it, what that replica
     * applies never reaches the binlog tandem reads.
     */
    private void nativeFeeds(ServerFacts facts, List<ChannelConfig> from, List<ServerFacts> allReachable) {
        if (facts.nativeReplicasFailure() != null) {
            findings.warning(facts.label() + ": cannot see its native replication (" + facts.nativeReplicasFailure()
                    + "); if a native replica feeds " + facts.server().name() + " it needs log_slave_updates = ON,"
                    + " and one from a tandem source must be stopped. GRANT SLAVE MONITOR lets tandem check this");
            return;
        }
        if (facts.isOn("log_slave_updates")) {
            return;
        }
        for (ServerFacts.NativeReplica replica : facts.nativeReplicas()) {
            Optional<ServerFacts> master = TopologyChecks.masterOf(replica, allReachable);
            boolean replacedByTandem = master.isPresent() && topology.into(facts.server().name()).stream()
                    .anyMatch(c -> c.source().equals(master.get().server().name()));
            if (!replacedByTandem) {
                findings.problem(StartupCheck.LOG_SLAVE_UPDATES, from, facts.label() + " is fed by native"
                        + " replication (" + replica.describe() + ") but log_slave_updates is OFF: what that"
                        + " replica applies is not written to " + facts.server().name() + "'s binlog, so channel "
                        + Topology.names(from) + " never passes it on. Set log_slave_updates = ON in "
                        + facts.server().name() + "'s my.cnf");
            }
        }
    }

    private void asTarget(ServerFacts facts, List<ChannelConfig> into) {
        String name = facts.server().name();
        if (config.loopPrevention() == LoopPrevention.SERVER_ID && !facts.isMariaDb()) {
            findings.fixedProblem(StartupCheck.LOOP_PREVENTION, into, facts.label() + " is not MariaDB ("
                    + facts.variable("version").orElse("unknown version") + "): MySQL has no session server_id, so"
                    + " loop-prevention = server-id cannot work; set loop-prevention = marker in [replicator]");
        }
        Optional<String> strict = facts.variable("gtid_strict_mode");
        if (strict.isPresent() && !facts.isOn("gtid_strict_mode")) {
            String why = ": gtid_strict_mode is OFF. With loop-prevention = server-id, strict mode is tandem's guard"
                    + " against applying a transaction twice: a GTID " + name + " already has then fails with error"
                    + " 1950 instead of being written again (binlog notes 4.1). Set gtid_strict_mode = ON in " + name
                    + "'s my.cnf and SET GLOBAL gtid_strict_mode = ON";
            if (config.loopPrevention() == LoopPrevention.SERVER_ID) {
                findings.problem(StartupCheck.GTID_STRICT_MODE, into, facts.label() + why);
            } else {
                findings.warning(facts.label() + ": gtid_strict_mode is OFF; with loop-prevention = marker tandem does"
                        + " not rely on it, but it still guards against transactions applied twice by other means");
            }
        }
    }

    private void expected(ServerFacts facts, List<ChannelConfig> touching) {
        ExpectedSettings expected = facts.server().expected();
        compare(facts, touching, "server-id", "server_id", expected.serverId());
        compare(facts, touching, "auto_increment_increment", "auto_increment_increment",
                expected.autoIncrementIncrement());
        compare(facts, touching, "auto_increment_offset", "auto_increment_offset", expected.autoIncrementOffset());
        compare(facts, touching, "sync_binlog", "sync_binlog", expected.syncBinlog());
        expected.logSlaveUpdates().ifPresent(on -> {
            if (facts.isOn("log_slave_updates") != on) {
                mismatch(facts, touching, "log-slave-updates", on ? "ON" : "OFF",
                        facts.variable("log_slave_updates").orElse("(unknown)"));
            }
        });
        expected.binlogFormat().ifPresent(format -> {
            String live = facts.variable("binlog_format").orElse("(unknown)");
            if (!live.equalsIgnoreCase(format)) {
                mismatch(facts, touching, "binlog_format", format, live);
            }
        });
        expected.logBin().ifPresent(baseName -> {
            if (!facts.isOn("log_bin")) {
                mismatch(facts, touching, "log-bin", baseName.isEmpty() ? "ON" : baseName, "OFF");
            } else if (!baseName.isEmpty()) {
                String live = facts.variable("log_bin_basename").orElse("");
                if (!lastPart(live).equals(lastPart(stripExtension(baseName)))) {
                    mismatch(facts, touching, "log-bin", baseName, live);
                }
            }
        });
        if (!expected.binlogDoDb().isEmpty() || !expected.binlogIgnoreDb().isEmpty()) {
            if (facts.masterStatus() == null) {
                findings.warning(facts.label() + ": cannot compare binlog-do-db and binlog-ignore-db with the server ("
                        + facts.masterStatusFailure() + ")");
            } else {
                compareSet(facts, touching, "binlog-do-db", expected.binlogDoDb(), facts.masterStatus().binlogDoDb());
                compareSet(facts, touching, "binlog-ignore-db", expected.binlogIgnoreDb(),
                        facts.masterStatus().binlogIgnoreDb());
            }
        }
    }

    private void compare(ServerFacts facts, List<ChannelConfig> touching, String key, String variable,
            OptionalLong expected) {
        if (expected.isEmpty()) {
            return;
        }
        String live = facts.variable(variable).orElse("(unknown)");
        if (!live.equals(Long.toString(expected.getAsLong()))) {
            mismatch(facts, touching, key, Long.toString(expected.getAsLong()), live);
        }
    }

    private void compareSet(ServerFacts facts, List<ChannelConfig> touching, String key, List<String> expected,
            List<String> live) {
        if (!new TreeSet<>(expected).equals(new TreeSet<>(live))) {
            mismatch(facts, touching, key, String.join(", ", expected), live.isEmpty() ? "none" : String.join(", ", live));
        }
    }

    private void mismatch(ServerFacts facts, List<ChannelConfig> touching, String key, String expected, String live) {
        findings.problem(StartupCheck.EXPECTED_SETTINGS, touching, facts.label() + ": " + key + " is " + live
                + ", but [server " + facts.server().name() + "] in " + config.origin() + " expects " + expected
                + ". Fix " + facts.server().name() + "'s my.cnf, or the expectation if the server is right");
    }

    private static String lastPart(String path) {
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return slash < 0 ? path : path.substring(slash + 1);
    }

    /** {@code mysql-bin.log} names the same logs as {@code mysql-bin}: the server drops the extension. */
    private static String stripExtension(String baseName) {
        String last = lastPart(baseName);
        int dot = last.lastIndexOf('.');
        return dot > 0 ? baseName.substring(0, baseName.length() - (last.length() - dot)) : baseName;
    }
}
