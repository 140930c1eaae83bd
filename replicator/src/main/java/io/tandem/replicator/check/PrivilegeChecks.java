package io.tandem.replicator.check;

import io.tandem.replicator.config.ChannelConfig;
import io.tandem.replicator.config.LoopPrevention;
import io.tandem.replicator.config.ReplicatorConfig;
import io.tandem.replicator.config.StartupCheck;
import io.tandem.replicator.event.TableId;
import io.tandem.replicator.filter.ReplicationFilter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;
import java.util.Set;

/**
 * Whether the configured user may do what each role needs, judged from its {@code SHOW GRANTS}.
 *
 * <ul>
 *   <li>Source: REPLICATION SLAVE to dump the binlog, and BINLOG MONITOR (REPLICATION CLIENT on
 *       MySQL, or SUPER) for SHOW MASTER STATUS and SHOW BINARY LOGS.
 *   <li>Target: SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, INDEX on every replicated schema;
 *       CREATE plus SELECT, INSERT, UPDATE, DELETE on the metadata schema (checkpoint rows are written
 *       in every applied transaction); and for loop-prevention server-id, BINLOG REPLAY or SUPER to set
 *       the session's server_id and GTID.
 * </ul>
 *
 * <p>The replicated schemas are the channel's replicate-do-db entries, else its binlog-do-db
 * entries, else the databases the user sees on the source, in each case as far as the filter lets
 * them through. System schemas (mysql, information_schema, performance_schema, sys) are not
 * required: replicating account tables is a decision this check does not make for anyone.
 */
final class PrivilegeChecks {

    private static final Set<String> SYSTEM_SCHEMAS = Set.of("mysql", "information_schema", "performance_schema", "sys");
    private static final List<String> APPLY_PRIVILEGES =
            List.of("SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "INDEX");
    private static final List<String> METADATA_PRIVILEGES = List.of("CREATE", "SELECT", "INSERT", "UPDATE", "DELETE");

    private final ReplicatorConfig config;
    private final Topology topology;
    private final Findings findings;

    PrivilegeChecks(ReplicatorConfig config, Topology topology, Findings findings) {
        this.config = config;
        this.topology = topology;
        this.findings = findings;
    }

    void check(ServerFacts facts, Map<String, ServerFacts> all) {
        if (facts.grantsFailure() != null) {
            findings.warning(facts.label() + ": cannot read the grants of user " + facts.server().user() + " ("
                    + facts.grantsFailure() + "); its privileges are not checked");
            return;
        }
        Grants grants = Grants.parse(facts.grants());
        String name = facts.server().name();
        List<ChannelConfig> from = topology.from(name);
        if (!from.isEmpty()) {
            asSource(facts, grants, from);
        }
        List<ChannelConfig> into = topology.into(name);
        if (!into.isEmpty()) {
            asTarget(facts, grants, into, all);
        }
    }

    private void asSource(ServerFacts facts, Grants grants, List<ChannelConfig> from) {
        List<String> missing = new ArrayList<>();
        if (!grants.hasGlobal("REPLICATION SLAVE")) {
            missing.add("REPLICATION SLAVE");
        }
        String monitor = facts.isMariaDb() ? "BINLOG MONITOR" : "REPLICATION CLIENT";
        if (!grants.hasAnyGlobal("BINLOG MONITOR", "SUPER")) {
            missing.add(monitor);
        }
        if (!missing.isEmpty()) {
            findings.problem(StartupCheck.SOURCE_PRIVILEGES, from, facts.label() + ": user " + account(facts)
                    + " lacks " + String.join(", ", missing) + ", which channel " + Topology.names(from)
                    + " needs to read the binlog (REPLICATION SLAVE for the dump, " + monitor
                    + " or SUPER for SHOW MASTER STATUS). Run: GRANT " + String.join(", ", missing) + " ON *.* TO "
                    + grantee(facts));
        }
    }

    private void asTarget(ServerFacts facts, Grants grants, List<ChannelConfig> into, Map<String, ServerFacts> all) {
        SequencedSet<String> schemas = new LinkedHashSet<>();
        for (ChannelConfig channel : into) {
            schemas.addAll(replicatedSchemas(channel, all.get(channel.source())));
        }
        Map<String, List<String>> missingBySchema = new LinkedHashMap<>();
        for (String schema : schemas) {
            List<String> missing = missingOn(grants, schema, APPLY_PRIVILEGES);
            if (!missing.isEmpty()) {
                missingBySchema.put(schema, missing);
            }
        }
        List<String> missingMetadata = missingOn(grants, config.metadataSchema(), METADATA_PRIVILEGES);
        boolean needsReplay = config.loopPrevention() == LoopPrevention.SERVER_ID && facts.isMariaDb();
        boolean missingReplay = needsReplay && !grants.hasAnyGlobal("BINLOG REPLAY", "SUPER");
        if (missingBySchema.isEmpty() && missingMetadata.isEmpty() && !missingReplay) {
            return;
        }
        List<String> lacks = new ArrayList<>();
        List<String> statements = new ArrayList<>();
        missingBySchema.forEach((schema, missing) -> {
            lacks.add(String.join(", ", missing) + " on " + schema);
            statements.add("GRANT " + String.join(", ", missing) + " ON " + TableId.quote(schema) + ".* TO " + grantee(facts));
        });
        if (!missingMetadata.isEmpty()) {
            lacks.add(String.join(", ", missingMetadata) + " on " + config.metadataSchema() + " (tandem's metadata schema)");
            statements.add("GRANT " + String.join(", ", missingMetadata) + " ON " + TableId.quote(config.metadataSchema())
                    + ".* TO " + grantee(facts));
        }
        if (missingReplay) {
            lacks.add("BINLOG REPLAY or SUPER (loop-prevention = server-id sets the session's server_id and GTID)");
            statements.add("GRANT BINLOG REPLAY ON *.* TO " + grantee(facts));
        }
        findings.problem(StartupCheck.TARGET_PRIVILEGES, into, facts.label() + ": user " + account(facts)
                + " cannot apply channel " + Topology.names(into) + ": it lacks " + String.join("; ", lacks)
                + ". Run: " + String.join("; ", statements));
    }

    private static List<String> missingOn(Grants grants, String schema, List<String> privileges) {
        return privileges.stream().filter(privilege -> !grants.hasOnDatabase(schema, privilege)).toList();
    }

    private List<String> replicatedSchemas(ChannelConfig channel, ServerFacts source) {
        ReplicationFilter filter = ReplicationFilter.of(channel.filters(), config.metadataSchema());
        Set<String> candidates = new LinkedHashSet<>();
        if (!channel.filters().replicateDoDb().isEmpty()) {
            candidates.addAll(channel.filters().replicateDoDb());
        } else if (!channel.filters().binlogDoDb().isEmpty()) {
            candidates.addAll(channel.filters().binlogDoDb());
        } else {
            channel.filters().replicateDoTable().forEach(table -> candidates.add(table.database()));
            if (source != null && source.isReachable()) {
                candidates.addAll(source.databases());
            }
        }
        return candidates.stream()
                .filter(schema -> !SYSTEM_SCHEMAS.contains(schema))
                .filter(schema -> filter.forDatabase(schema).shouldApply())
                .toList();
    }

    /** {@code tandem (tandem@10.10.10.%)}: the configured user and the account the server matched it to. */
    private static String account(ServerFacts facts) {
        String user = facts.server().user();
        return facts.currentUser().isEmpty() ? user : user + " (" + facts.currentUser() + ")";
    }

    /** {@code 'tandem'@'10.10.10.%'} for a GRANT statement. */
    private static String grantee(ServerFacts facts) {
        String current = facts.currentUser();
        int at = current.lastIndexOf('@');
        if (at < 0) {
            return "'" + facts.server().user() + "'@'<tandem's host>'";
        }
        return "'" + current.substring(0, at) + "'@'" + current.substring(at + 1) + "'";
    }
}
