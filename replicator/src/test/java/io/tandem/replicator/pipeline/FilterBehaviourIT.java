package io.tandem.replicator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.replicator.config.ErrorPolicy;
import io.tandem.replicator.config.LoopPrevention;
import io.tandem.replicator.config.StartPosition;
import io.tandem.replicator.event.BinlogPosition;
import io.tandem.replicator.event.TableId;
import io.tandem.replicator.filter.FilterRules;
import io.tandem.replicator.filter.ReplicationFilter;
import io.tandem.replicator.filter.Rules;
import io.tandem.testkit.MariaDbOptions;
import io.tandem.testkit.MariaDbServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * tandem's filters against MariaDB's own: for each set of rules, one workload of row events, statements
 * and DDL under various default databases runs on the source; a tandem channel with the rules and a
 * native replica with the same replicate-* options replicate it; their databases must end up equal,
 * table by table. For binlog-do-db and binlog-ignore-db, which act on the master, the native reference
 * is a replica of a second master started with that option and given the same workload.
 *
 * <p>The workload exercises the traps of binlog notes 7.4: rows are matched on their table's database,
 * statements on the session's default database, {@code CREATE TABLE otherdb.t} without {@code USE} on
 * no database, and CREATE DATABASE on the database it creates.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FilterBehaviourIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> DATABASES = List.of("a", "b", "c", "d", "e");

    private MariaDbServer source;
    private MariaDbServer sourceWithBinlogDoDb;
    private MariaDbServer sourceWithBinlogIgnoreDb;
    private MariaDbServer target;
    private MariaDbServer nativeTarget;
    private List<MariaDbServer> sources;
    private ChannelFixture fixture;
    private Map<String, String> setupOnly;

    @BeforeAll
    void startServers() {
        MariaDbOptions mixed = MariaDbOptions.master(1, 1).withBinlogFormat("MIXED");
        source = MariaDbServer.start("filter-src", mixed);
        sourceWithBinlogDoDb = MariaDbServer.start("filter-src-binlog-do",
                mixed.withServerId(4).withArgument("--binlog-do-db=a"));
        sourceWithBinlogIgnoreDb = MariaDbServer.start("filter-src-binlog-ignore",
                mixed.withServerId(5).withArgument("--binlog-ignore-db=a"));
        target = MariaDbServer.start("filter-tandem", MariaDbOptions.master(2, 1).withServerId(2));
        nativeTarget = MariaDbServer.start("filter-native", MariaDbOptions.master(3, 1).withServerId(3));
        sources = List.of(source, sourceWithBinlogDoDb, sourceWithBinlogIgnoreDb);
    }

    @AfterAll
    void stopServers() throws InterruptedException {
        if (fixture != null) {
            fixture.close();
        }
        for (MariaDbServer server : List.of(source, sourceWithBinlogDoDb, sourceWithBinlogIgnoreDb, target,
                nativeTarget)) {
            server.close();
        }
    }

    /** One set of rules, as tandem takes them and as the native reference is configured. */
    record Scenario(String name, FilterRules rules, Map<String, String> nativeFilters, String reference) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Scenario> scenarios() {
        return Stream.of(
                new Scenario("replicate-do-db=a", Rules.rules().replicateDoDb("a").build(), Map.of("replicate_do_db", "a"), "plain"),
                new Scenario("replicate-ignore-db=a,c", Rules.rules().replicateIgnoreDb("a").replicateIgnoreDb("c").build(),
                        Map.of("replicate_ignore_db", "a,c"), "plain"),
                new Scenario("replicate-do-table=a.t1,b.t1", Rules.rules().replicateDoTable("a.t1").replicateDoTable("b.t1").build(),
                        Map.of("replicate_do_table", "a.t1,b.t1"), "plain"),
                new Scenario("replicate-ignore-table=a.t1,b.log_2", Rules.rules().replicateIgnoreTable("a.t1").replicateIgnoreTable("b.log_2")
                        .build(), Map.of("replicate_ignore_table", "a.t1,b.log_2"), "plain"),
                new Scenario("replicate-wild-do-table=%.log%,a.t_", Rules.rules().replicateWildDoTable("%.log%").replicateWildDoTable("a.t_").build(),
                        Map.of("replicate_wild_do_table", "%.log%,a.t_"), "plain"),
                new Scenario("replicate-wild-do-table=a.%,c.%", Rules.rules().replicateWildDoTable("a.%").replicateWildDoTable("c.%").build(),
                        Map.of("replicate_wild_do_table", "a.%,c.%"), "plain"),
                new Scenario("replicate-wild-ignore-table=%.log%,c.%", Rules.rules().replicateWildIgnoreTable("%.log%").replicateWildIgnoreTable("c.%")
                        .build(), Map.of("replicate_wild_ignore_table", "%.log%,c.%"), "plain"),
                new Scenario("replicate-do-db=a,b + ignore-table=a.t2 + wild-ignore=b.log%",
                        Rules.rules().replicateDoDb("a").replicateDoDb("b").replicateIgnoreTable("a.t2").replicateWildIgnoreTable("b.log%").build(),
                        Map.of("replicate_do_db", "a,b", "replicate_ignore_table", "a.t2",
                                "replicate_wild_ignore_table", "b.log%"), "plain"),
                new Scenario("binlog-do-db=a", Rules.rules().binlogDoDb("a").build(), Map.of(), "binlog-do-db"),
                new Scenario("binlog-ignore-db=a", Rules.rules().binlogIgnoreDb("a").build(), Map.of(), "binlog-ignore-db"),
                // Binlog notes 7.4's trap: CREATE TABLE e.t without USE is skipped, its rows are not.
                new Scenario("replicate-do-db=a,e", Rules.rules().replicateDoDb("a").replicateDoDb("e").build(),
                        Map.of("replicate_do_db", "a,e"), "plain"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void landsExactlyWhereANativeReplicaWithTheSameRulesLands(Scenario scenario) throws Exception {
        resetServers();
        MariaDbServer reference = switch (scenario.reference()) {
            case "binlog-do-db" -> sourceWithBinlogDoDb;
            case "binlog-ignore-db" -> sourceWithBinlogIgnoreDb;
            default -> source;
        };
        NativeReplica replica = NativeReplica.start(nativeTarget, reference, "mysql-bin.000001",
                scenario.nativeFilters());
        ReplicationChannel channel = startChannel("filter", ReplicationFilter.of(scenario.rules(), "tandem"));

        for (MariaDbServer server : sources) {
            runWorkload(server);
        }

        int nativeError = replica.awaitDoneOrStopped(WAIT);
        awaitTandemDoneOrStopped(channel);
        Map<String, String> tandemResult = snapshot(target);
        Map<String, String> nativeResult = snapshot(nativeTarget);
        assertThat(tandemResult).as("tandem's target against the native replica's").isEqualTo(nativeResult);
        if (nativeError == 0) {
            assertThat(channel.status().state()).as(channel.status().lastError()).isEqualTo(ChannelState.RUNNING);
        } else {
            assertThat(channel.status().state()).isEqualTo(ChannelState.ERROR);
            assertThat(channel.status().lastError()).contains("error " + nativeError);
            // Both stopped at the same transaction: its start is where each has finished everything before.
            Map<String, String> status = replica.status();
            assertThat(channel.status().passedPosition()).hasToString(status.get("Relay_Master_Log_File") + ":"
                    + status.get("Exec_Master_Log_Pos"));
        }
        // The comparison means something: the rules kept some of the workload out and let some in.
        assertThat(nativeResult).isNotEqualTo(snapshot(reference)).isNotEqualTo(setupOnly);
    }

    /**
     * A statement whose tables the filter cannot tell (a multi-table UPDATE logged as a statement) while
     * table rules exist: applying or skipping it would be a guess, so the channel stops and says why,
     * with the checkpoint before it.
     */
    @Test
    void statementTheFilterCannotClassifyStopsTheChannelWhenTableRulesExist() throws Exception {
        resetServers();
        ReplicationChannel channel = startChannel("unclassifiable",
                ReplicationFilter.of(Rules.rules().replicateDoTable("a.t1").build(), "tandem"));
        try (Connection connection = source.connect(); Statement statement = connection.createStatement()) {
            statement.execute("SET SESSION binlog_format = 'STATEMENT'");
            statement.execute("USE a");
            statement.execute("INSERT INTO a.t1 VALUES (1, 'before')");
            statement.execute("UPDATE a.t1 JOIN b.t1 ON a.t1.id = b.t1.id SET a.t1.v = 'joined', b.t1.v = 'joined'");
            statement.execute("INSERT INTO a.t1 VALUES (3, 'after')");
        }
        String message = ChannelFixture.awaitError(channel, WAIT);
        BinlogEvents.Event update = BinlogEvents.last(source, "Query", "JOIN b.t1");
        assertThat(message)
                .contains("Filters cannot decide on the event at " + update.at())
                .contains("cannot tell which tables this statement in database a updates")
                .contains("table rules are configured")
                .contains("UPDATE a.t1 JOIN b.t1");
        assertThat(target.queryRows("SELECT id, v FROM a.t1")).containsExactly(List.of("1", "before"));
        BinlogEvents.Group updateGroup = BinlogEvents.groups(source).stream()
                .filter(group -> group.events().contains(update)).findFirst().orElseThrow();
        assertThat(target.queryString("SELECT CONCAT(binlog_file, ':', binlog_position) FROM tandem.checkpoint"))
                .isEqualTo(updateGroup.gtidEvent().at());
    }

    private ReplicationChannel startChannel(String name, ReplicationFilter filter) {
        ChannelSettings current = fixture.settings(name, source, target, LoopPrevention.SERVER_ID, ErrorPolicy.STRICT,
                ChangeFilter.of(filter));
        return fixture.start(new ChannelSettings(current.name(), current.source(), current.readerServerId(),
                current.heartbeatPeriod(), current.target(),
                new StartPosition.AtBinlogPosition(new BinlogPosition("mysql-bin.000001", 4)), current.filter(),
                current.ignoredServerIds(), current.policy(), current.tagging(), current.metadataSchema(),
                current.clock()));
    }

    /**
     * Every server back to the same starting point: no channel, no replica, empty binlogs, and the same
     * tables created without logging, so that the workload's own DDL is all the binlog holds.
     */
    private void resetServers() throws InterruptedException {
        if (fixture != null) {
            fixture.close();
        }
        fixture = new ChannelFixture();
        nativeTarget.execute("STOP SLAVE", "RESET SLAVE ALL");
        for (MariaDbServer server : List.of(source, sourceWithBinlogDoDb, sourceWithBinlogIgnoreDb, target,
                nativeTarget)) {
            List<String> statements = new ArrayList<>(List.of("SET sql_log_bin=0"));
            for (String database : List.of("a", "b", "c", "d", "e", "tandem", "tandem_nodb")) {
                statements.add("DROP DATABASE IF EXISTS " + database);
            }
            statements.addAll(List.of("CREATE DATABASE a", "CREATE DATABASE b", "CREATE DATABASE c"));
            for (String table : List.of("a.t1", "a.t2", "a.log_1", "b.t1", "b.log_2", "c.t1")) {
                statements.add("CREATE TABLE " + table + " (id INT PRIMARY KEY, v VARCHAR(40)) ENGINE=InnoDB");
            }
            statements.add("RESET MASTER");
            server.execute(statements.toArray(String[]::new));
        }
        nativeTarget.execute("SET GLOBAL gtid_slave_pos = ''");
        setupOnly = snapshot(source);
    }

    /** The workload: ROW and STATEMENT DML and DDL under different default databases, or none. */
    private static void runWorkload(MariaDbServer server) throws SQLException {
        try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
            statement.execute("SET SESSION binlog_format = 'ROW'");
            statement.execute("INSERT INTO a.t1 VALUES (1, 'row, no default database')");
            run(statement, "b", "INSERT INTO a.t2 VALUES (1, 'row, USE b')");
            run(statement, "a", "INSERT INTO b.t1 VALUES (1, 'row, USE a')");
            run(statement, "c", "INSERT INTO c.t1 VALUES (1, 'row, USE c')");
            run(statement, "a", "INSERT INTO a.log_1 VALUES (1, 'row log')");
            run(statement, "c", "INSERT INTO b.log_2 VALUES (1, 'row log, USE c')");
            run(statement, "a", "UPDATE a.t1 SET v = 'row update' WHERE id = 1");
            run(statement, "b", "UPDATE a.t2 JOIN b.t1 ON a.t2.id = b.t1.id SET a.t2.v = 'row join', b.t1.v = 'row join'");
            run(statement, "c", "DELETE FROM c.t1 WHERE id = 1");

            statement.execute("SET SESSION binlog_format = 'STATEMENT'");
            run(statement, "a", "INSERT INTO b.t1 VALUES (2, 'statement, USE a')");
            run(statement, "b", "INSERT INTO a.t1 VALUES (2, 'statement, USE b')");
            run(statement, "c", "INSERT INTO c.t1 VALUES (2, 'statement, USE c')");
            run(statement, "a", "UPDATE a.log_1 SET v = 'statement update' WHERE id = 1");
            run(statement, "b", "INSERT INTO b.log_2 VALUES (2, 'statement log')");
            run(statement, "c", "INSERT INTO a.log_1 SELECT id + 10, v FROM b.t1");
            run(statement, "a", "DELETE FROM a.t2 WHERE id = 1");
            run(statement, "b", "REPLACE INTO b.t1 VALUES (1, 'statement replace')");

            run(statement, "c", "CREATE DATABASE d");
            run(statement, "c", "CREATE TABLE a.ddl_use_c (id INT)");
            run(statement, "a", "CREATE TABLE b.ddl_use_a (id INT)");
            run(statement, "b", "CREATE TABLE a.ddl_use_b (id INT)");
            run(statement, "c", "CREATE TABLE c.ddl_c (id INT)");
            run(statement, "a", "CREATE TABLE a.log_ddl (id INT)");
            run(statement, "a", "ALTER TABLE a.t2 ADD COLUMN extra INT NULL");
            run(statement, "b", "DROP TABLE IF EXISTS a.ddl_use_b");
            run(statement, "a", "ALTER DATABASE c CHARACTER SET latin1");
        }
        // The trap, last: with no default database.
        try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
            statement.execute("SET SESSION binlog_format = 'ROW'");
            statement.execute("CREATE DATABASE e");
            statement.execute("CREATE TABLE e.t (id INT PRIMARY KEY) ENGINE=InnoDB");
            statement.execute("INSERT INTO e.t VALUES (1)");
            statement.execute("CREATE TABLE a.ddl_no_database (id INT)");
        }
    }

    private static void run(Statement statement, String database, String sql) throws SQLException {
        statement.execute("USE " + database);
        statement.execute(sql);
    }

    private static void awaitTandemDoneOrStopped(ReplicationChannel channel) {
        if (channel.status().state() == ChannelState.ERROR) {
            return;
        }
        try {
            ChannelFixture.awaitCaughtUp(WAIT, channel);
        } catch (AssertionError failed) {
            if (channel.status().state() != ChannelState.ERROR) {
                throw failed;
            }
        }
    }

    /** Every table of the workload's databases with its checksum, and every database, on one server. */
    private static Map<String, String> snapshot(MariaDbServer server) {
        Map<String, String> snapshot = new TreeMap<>();
        for (String database : DATABASES) {
            if (server.queryLong("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '" + database
                    + "'") == 0) {
                continue;
            }
            snapshot.put(database, "database, charset " + server.queryString("SELECT DEFAULT_CHARACTER_SET_NAME FROM"
                    + " information_schema.SCHEMATA WHERE SCHEMA_NAME = '" + database + "'"));
            ChannelFixture.checksums(server, database).forEach((table, sum) -> snapshot.put(database + "." + table,
                    sum + " " + server.queryRows("SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '"
                            + database + "' AND TABLE_NAME = '" + table + "' ORDER BY ORDINAL_POSITION")));
        }
        return snapshot;
    }
}
