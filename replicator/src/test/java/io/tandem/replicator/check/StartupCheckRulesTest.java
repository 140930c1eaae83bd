package io.tandem.replicator.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.replicator.config.ConfigBuilder;
import io.tandem.replicator.config.ReplicatorConfig;
import io.tandem.replicator.config.ServerConfig;
import io.tandem.replicator.config.StartupCheck;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The rules of the startup checks, judged on servers' facts given as data. The same rules run against
 * real servers in {@code StartupChecksIT}; here each rule is pinned down case by case.
 */
class StartupCheckRulesTest {

    private static final String PASSWORD = "N0t-In-Any-Message";

    /** The seed's pair as a configuration, with extra lines for both channels. */
    private static ReplicatorConfig config(Consumer<ConfigBuilder> extra) {
        ConfigBuilder builder = ReplicatorConfig.builder().origin("conf/tandem.cnf")
                .set("replicate-do-db", "felix")
                .server("db1", s -> s.set("host", "10.10.10.20").set("user", "tandem").set("password", PASSWORD))
                .server("db2", s -> s.set("host", "10.10.10.21").set("user", "tandem").set("password", PASSWORD))
                .channel("db1-to-db2", c -> c.set("source", "db1").set("target", "db2"))
                .channel("db2-to-db1", c -> c.set("source", "db2").set("target", "db1"));
        extra.accept(builder);
        try {
            return builder.build();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static ReplicatorConfig seedConfig() {
        return config(b -> {});
    }

    /** Facts of a server set up as the seed sets up db{id}, with the grants conf/tandem.cnf recommends. */
    private static Facts seedServer(ServerConfig server, int id) {
        return new Facts(server).set("server_id", id).set("auto_increment_increment", 2).set("auto_increment_offset", id)
                .set("gtid_domain_id", id);
    }

    /** Mutable builder of ServerFacts for tests. */
    private static final class Facts {
        final ServerConfig server;
        final Map<String, String> variables = new HashMap<>(Map.of(
                "log_bin", "ON", "log_bin_basename", "/var/lib/mysql/mysql-bin", "binlog_format", "ROW",
                "binlog_row_image", "FULL", "binlog_row_metadata", "FULL", "log_bin_compress", "OFF",
                "log_slave_updates", "ON", "gtid_strict_mode", "ON", "sync_binlog", "1",
                "innodb_flush_log_at_trx_commit", "1"));
        List<String> grants = new ArrayList<>(List.of(
                "GRANT REPLICATION SLAVE, BINLOG MONITOR, BINLOG REPLAY, SLAVE MONITOR ON *.* TO `tandem`@`10.10.10.%`",
                "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, INDEX ON `felix`.* TO `tandem`@`10.10.10.%`",
                "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, INDEX ON `tandem`.* TO `tandem`@`10.10.10.%`"));
        List<ServerFacts.NativeReplica> replicas = new ArrayList<>();
        String replicasFailure;
        ServerFacts.MasterStatus masterStatus = new ServerFacts.MasterStatus(List.of(), List.of());
        List<String> databases = List.of("felix", "information_schema", "mysql", "tandem");

        Facts(ServerConfig server) {
            this.server = server;
            variables.put("version", "10.11.19-MariaDB-0+deb12u1-log");
        }

        Facts set(String variable, Object value) {
            if (value == null) {
                variables.remove(variable);
            } else {
                variables.put(variable, String.valueOf(value));
            }
            return this;
        }

        Facts grants(String... lines) {
            grants = List.of(lines);
            return this;
        }

        ServerFacts build() {
            return new ServerFacts(server, Optional.empty(), 0, variables, "tandem@10.10.10.%", grants, null,
                    masterStatus, null, replicas, replicasFailure, databases);
        }
    }

    private static CheckReport evaluate(ReplicatorConfig config, Facts... servers) {
        Map<String, ServerFacts> facts = new LinkedHashMap<>();
        for (Facts server : servers) {
            facts.put(server.server.name(), server.build());
        }
        CheckReport report = StartupChecks.evaluate(config, facts);
        assertThat(report.format(config.origin()) + report.warnings()).doesNotContain(PASSWORD);
        return report;
    }

    private static CheckReport evaluateSeed(Consumer<Facts> db1, Consumer<Facts> db2) {
        ReplicatorConfig config = seedConfig();
        return evaluateSeed(config, db1, db2);
    }

    private static CheckReport evaluateSeed(ReplicatorConfig config, Consumer<Facts> db1, Consumer<Facts> db2) {
        Facts first = seedServer(config.server("db1"), 1);
        Facts second = seedServer(config.server("db2"), 2);
        db1.accept(first);
        db2.accept(second);
        return evaluate(config, first, second);
    }

    private static List<StartupCheck> checks(CheckReport report) {
        return report.problems().stream().map(Problem::check).toList();
    }

    @Test
    void theSeedsPairWithTheRecommendedGrantsIsClean() {
        CheckReport report = evaluateSeed(db1 -> {}, db2 -> {});
        assertThat(report.problems()).isEmpty();
        assertThat(report.warnings()).isEmpty();
        assertThat(report.isClean()).isTrue();
        assertThat(report.format("conf/tandem.cnf")).isEmpty();
    }

    @Nested
    class ServerIds {

        @Test
        void refusesServerIdZeroWithoutOverride() {
            CheckReport report = evaluateSeed(db1 -> db1.set("server_id", 0), db2 -> {});
            Problem problem = report.problems().stream().filter(p -> p.check() == StartupCheck.SERVER_ID).findFirst().orElseThrow();
            assertThat(problem.message()).startsWith("db1 (10.10.10.20:3306): server_id is 0");
            assertThat(problem.overridable()).isFalse();
            assertThat(problem.describe()).endsWith("[server-id: cannot be overridden]");
        }

        @Test
        void refusesTwoServersWithOneServerId() {
            CheckReport report = evaluateSeed(db1 -> {}, db2 -> db2.set("server_id", 1));
            assertThat(checks(report)).contains(StartupCheck.SERVER_ID);
            assertThat(report.problems().getFirst().message())
                    .startsWith("db1 (10.10.10.20:3306) and db2 (10.10.10.21:3306) both have server_id 1: every server needs its own");
        }

        @Test
        void refusesAReaderIdThatIsAServersId() {
            ReplicatorConfig config = config(b -> {});
            long readerId = config.channel("db1-to-db2").orElseThrow().readerServerId();
            CheckReport report = evaluateSeed(config, db1 -> {}, db2 -> db2.set("server_id", readerId));
            assertThat(report.problems()).anySatisfy(p -> assertThat(p.message())
                    .startsWith("channel db1-to-db2: reader-server-id " + readerId + " is the server_id of db2"));
        }
    }

    @Nested
    class ExpectedSettings {

        @Test
        void reportsEachDifferenceFromTheConfiguration() throws Exception {
            ReplicatorConfig config = ReplicatorConfig.builder().origin("conf/tandem.cnf")
                    .server("db1", s -> s.set("host", "h1").set("user", "tandem").set("server-id", 1)
                            .set("auto_increment_increment", 2).set("auto_increment_offset", 1).set("log-bin", "mysql-bin")
                            .flag("log-slave-updates").set("sync_binlog", 1).set("binlog-do-db", "felix")
                            .set("binlog_format", "ROW"))
                    .server("db2", s -> s.set("host", "h2").set("user", "tandem"))
                    .channel("a", c -> c.set("source", "db1").set("target", "db2"))
                    .channel("b", c -> c.set("source", "db2").set("target", "db1"))
                    .build();
            Facts db1 = seedServer(config.server("db1"), 1).set("auto_increment_increment", 4)
                    .set("log_bin_basename", "/var/lib/mysql/mariadb-bin").set("log_slave_updates", "OFF")
                    .set("sync_binlog", 0).set("binlog_format", "MIXED");
            db1.masterStatus = new ServerFacts.MasterStatus(List.of(), List.of());
            CheckReport report = evaluate(config, db1, seedServer(config.server("db2"), 2).set("auto_increment_increment", 4));
            List<String> expected = report.problems().stream().filter(p -> p.check() == StartupCheck.EXPECTED_SETTINGS)
                    .map(Problem::message).toList();
            assertThat(expected).hasSize(6);
            assertThat(expected).anySatisfy(m -> assertThat(m).isEqualTo("db1 (h1:3306): auto_increment_increment is 4,"
                    + " but [server db1] in conf/tandem.cnf expects 2. Fix db1's my.cnf, or the expectation if the server is right"));
            assertThat(expected).anySatisfy(m -> assertThat(m).contains("log-bin is /var/lib/mysql/mariadb-bin, but [server db1] in conf/tandem.cnf expects mysql-bin"));
            assertThat(expected).anySatisfy(m -> assertThat(m).contains("log-slave-updates is OFF").contains("expects ON"));
            assertThat(expected).anySatisfy(m -> assertThat(m).contains("sync_binlog is 0").contains("expects 1"));
            assertThat(expected).anySatisfy(m -> assertThat(m).contains("binlog_format is MIXED").contains("expects ROW"));
            assertThat(expected).anySatisfy(m -> assertThat(m).contains("binlog-do-db is none").contains("expects felix"));
        }
    }

    @Nested
    class SourceSettings {

        @Test
        void refusesABinlogThatIsOffAndSaysNothingMoreAboutIt() {
            CheckReport report = evaluateSeed(db1 -> db1.set("log_bin", "OFF").set("binlog_row_image", "MINIMAL"), db2 -> {});
            assertThat(checks(report)).containsExactly(StartupCheck.LOG_BIN);
            assertThat(report.problems().getFirst().message()).contains("the binary log is off (log_bin = OFF), so channel"
                    + " db1-to-db2 has nothing to read");
            assertThat(report.problems().getFirst().overridable()).isFalse();
        }

        @Test
        void refusesMixedFormatUnlessAllowedAndStatementFormatAlways() {
            CheckReport mixed = evaluateSeed(db1 -> db1.set("binlog_format", "MIXED"), db2 -> {});
            assertThat(checks(mixed)).containsExactly(StartupCheck.BINLOG_FORMAT);
            assertThat(mixed.problems().getFirst().describe()).endsWith("[override: allow = binlog-format]");

            ReplicatorConfig allowing = config(b -> b.set("allow", "binlog-format"));
            CheckReport allowed = evaluateSeed(allowing, db1 -> db1.set("binlog_format", "MIXED"), db2 -> {});
            assertThat(allowed.isClean()).isTrue();
            assertThat(allowed.warnings()).singleElement().asString()
                    .startsWith("allowed by allow = binlog-format: db1 (10.10.10.20:3306): binlog_format is MIXED");

            CheckReport statement = evaluateSeed(allowing, db1 -> db1.set("binlog_format", "STATEMENT"), db2 -> {});
            assertThat(checks(statement)).containsExactly(StartupCheck.BINLOG_FORMAT);
            assertThat(statement.problems().getFirst().overridable()).isFalse();
        }

        @Test
        void refusesARowImageOtherThanFull() {
            CheckReport report = evaluateSeed(db1 -> {}, db2 -> db2.set("binlog_row_image", "MINIMAL"));
            assertThat(checks(report)).containsExactly(StartupCheck.BINLOG_ROW_IMAGE);
            assertThat(report.problems().getFirst().message()).startsWith("db2 (10.10.10.21:3306): binlog_row_image is MINIMAL");
        }

        @Test
        void refusesCompressedBinlogsEvenWhenAllowIsWritten() {
            CheckReport report = evaluateSeed(db1 -> db1.set("log_bin_compress", "ON"), db2 -> {});
            assertThat(checks(report)).containsExactly(StartupCheck.LOG_BIN_COMPRESS);
            assertThat(report.problems().getFirst().overridable()).isFalse();
        }

        @Test
        void onlyWarnsAboutRowMetadataAndDurability() {
            CheckReport report = evaluateSeed(db1 -> db1.set("binlog_row_metadata", "NO_LOG").set("sync_binlog", 0)
                    .set("innodb_flush_log_at_trx_commit", 2), db2 -> {});
            assertThat(report.isClean()).isTrue();
            assertThat(report.warnings()).hasSize(3);
            assertThat(report.warnings().getFirst()).contains("binlog_row_metadata is NO_LOG");
        }

        @Test
        void needsLogSlaveUpdatesOnlyWhereANativeReplicaFeedsASource() {
            ServerFacts.NativeReplica external = new ServerFacts.NativeReplica("", "10.10.10.99", 3306, 99, true, true);
            CheckReport withFeed = evaluateSeed(db1 -> db1.set("log_slave_updates", "OFF").replicas.add(external), db2 -> {});
            assertThat(checks(withFeed)).containsExactly(StartupCheck.LOG_SLAVE_UPDATES);
            assertThat(withFeed.problems().getFirst().message()).contains("is fed by native replication (connection"
                    + " (default) from 10.10.10.99:3306").contains("log_slave_updates is OFF");
            // tandem's own applied writes are binlogged anyway: no feed, no need.
            assertThat(evaluateSeed(db1 -> db1.set("log_slave_updates", "OFF"), db2 -> {}).isClean()).isTrue();
        }

        @Test
        void warnsWhenNativeReplicationCannotBeSeen() {
            CheckReport report = evaluateSeed(db1 -> db1.replicasFailure = "Access denied; you need SLAVE MONITOR", db2 -> {});
            assertThat(report.isClean()).isTrue();
            assertThat(report.warnings()).singleElement().asString().contains("cannot see its native replication");
        }
    }

    @Nested
    class Topology {

        @Test
        void refusesNativeReplicationThatDuplicatesAChannel() {
            ServerFacts.NativeReplica fromDb1 = new ServerFacts.NativeReplica("", "10.10.10.20", 3306, 1, true, true);
            CheckReport report = evaluateSeed(db1 -> {}, db2 -> db2.replicas.add(fromDb1));
            assertThat(checks(report)).containsExactly(StartupCheck.NATIVE_REPLICATION);
            assertThat(report.problems().getFirst().message()).contains("db2 (10.10.10.21:3306) still runs native"
                    + " replication from db1").contains("every change would be applied twice")
                    .endsWith("run STOP SLAVE; RESET SLAVE ALL;");
            ServerFacts.NativeReplica stopped = new ServerFacts.NativeReplica("", "10.10.10.20", 3306, 1, false, false);
            assertThat(evaluateSeed(db1 -> {}, db2 -> db2.replicas.add(stopped)).isClean()).isTrue();
        }

        @Test
        void refusesAnIncrementSmallerThanTheNumberOfMasters() {
            CheckReport report = evaluateSeed(db1 -> db1.set("auto_increment_increment", 1).set("auto_increment_offset", 1),
                    db2 -> db2.set("auto_increment_increment", 1).set("auto_increment_offset", 1));
            assertThat(checks(report)).containsExactly(StartupCheck.AUTO_INCREMENT, StartupCheck.AUTO_INCREMENT);
            assertThat(report.problems().getFirst().message()).isEqualTo("db1 (10.10.10.20:3306):"
                    + " auto_increment_increment is 1, but 2 masters take writes (db1, db2): it must be at least 2 on every"
                    + " master, each with its own auto_increment_offset (the seed: increment 2, offsets 1 and 2), or"
                    + " inserts on two masters get the same keys");
        }

        @Test
        void refusesOffsetsThatCollideModuloTheIncrement() {
            CheckReport report = evaluateSeed(db1 -> {}, db2 -> db2.set("auto_increment_offset", 1));
            assertThat(checks(report)).containsExactly(StartupCheck.AUTO_INCREMENT);
            assertThat(report.problems().getFirst().message()).startsWith("db1 (10.10.10.20:3306) and db2"
                    + " (10.10.10.21:3306) hand out the same auto-increment values (1, 3, 5, ...)");
            // Different increments collide when the offsets differ by a multiple of their gcd: 4k+2 and 6k+2 share 2, 14, 26.
            CheckReport uneven = evaluateSeed(db1 -> db1.set("auto_increment_increment", 4).set("auto_increment_offset", 2),
                    db2 -> db2.set("auto_increment_increment", 6).set("auto_increment_offset", 2));
            assertThat(uneven.problems()).singleElement().extracting(Problem::message).asString().contains("(2, 14, 26, ...)");
            CheckReport disjoint = evaluateSeed(db1 -> db1.set("auto_increment_increment", 4).set("auto_increment_offset", 1),
                    db2 -> db2.set("auto_increment_increment", 6).set("auto_increment_offset", 2));
            assertThat(disjoint.isClean()).isTrue();
        }

        @Test
        void refusesAnOffsetLargerThanTheIncrement() {
            CheckReport report = evaluateSeed(db1 -> {}, db2 -> db2.set("auto_increment_offset", 5));
            assertThat(report.problems()).singleElement().extracting(Problem::message).asString()
                    .contains("auto_increment_offset 5 is larger than auto_increment_increment 2");
        }

        @Test
        void refusesStrictModeOffAndSharedDomainsWithServerIdLoopPreventionButOnlyWarnsWithMarker() {
            CheckReport report = evaluateSeed(db1 -> db1.set("gtid_domain_id", 0), db2 -> db2.set("gtid_domain_id", 0)
                    .set("gtid_strict_mode", "OFF"));
            assertThat(checks(report)).containsExactlyInAnyOrder(StartupCheck.GTID_STRICT_MODE, StartupCheck.GTID_DOMAIN_ID);
            assertThat(report.format("conf/tandem.cnf")).contains("gtid_strict_mode is OFF. With loop-prevention ="
                    + " server-id, strict mode is tandem's guard against applying a transaction twice");
            CheckReport marker = evaluateSeed(config(b -> b.set("loop-prevention", "marker")),
                    db1 -> db1.set("gtid_domain_id", 0), db2 -> db2.set("gtid_domain_id", 0).set("gtid_strict_mode", "OFF"));
            assertThat(marker.isClean()).isTrue();
            assertThat(marker.warnings()).hasSize(2);
        }

        @Test
        void refusesServerIdLoopPreventionOnMySql() {
            CheckReport report = evaluateSeed(db1 -> {}, db2 -> db2.set("version", "8.0.36").set("version_comment",
                    "MySQL Community Server - GPL").set("gtid_strict_mode", null).set("gtid_domain_id", null));
            assertThat(checks(report)).containsExactly(StartupCheck.LOOP_PREVENTION);
        }
    }

    @Nested
    class Privileges {

        @Test
        void namesTheMissingSourcePrivilegesAndTheGrantToRun() {
            CheckReport report = evaluateSeed(db1 -> db1.grants(
                    "GRANT REPLICATION SLAVE ON *.* TO `felix`@`10.10.10.%`",
                    "GRANT ALL ON `felix`.* TO `felix`@`10.10.10.%`",
                    "GRANT ALL ON `tandem`.* TO `felix`@`10.10.10.%`",
                    "GRANT BINLOG REPLAY ON *.* TO `felix`@`10.10.10.%`"), db2 -> {});
            assertThat(report.problems()).singleElement().satisfies(p -> {
                assertThat(p.check()).isEqualTo(StartupCheck.SOURCE_PRIVILEGES);
                assertThat(p.message()).contains("user tandem (tandem@10.10.10.%) lacks BINLOG MONITOR, which channel"
                        + " db1-to-db2 needs to read the binlog").endsWith("Run: GRANT BINLOG MONITOR ON *.* TO 'tandem'@'10.10.10.%'");
            });
        }

        @Test
        void namesTheMissingTargetPrivilegesPerSchema() {
            // The seed's replication account: REPLICATION SLAVE only.
            CheckReport report = evaluateSeed(db1 -> {}, db2 -> db2.grants("GRANT REPLICATION SLAVE ON *.* TO `felix`@`10.10.10.%`"));
            assertThat(checks(report)).containsExactlyInAnyOrder(StartupCheck.SOURCE_PRIVILEGES, StartupCheck.TARGET_PRIVILEGES);
            String target = report.problems().stream().filter(p -> p.check() == StartupCheck.TARGET_PRIVILEGES)
                    .findFirst().orElseThrow().message();
            assertThat(target).contains("lacks SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, INDEX on felix;"
                    + " CREATE, SELECT, INSERT, UPDATE, DELETE on tandem (tandem's metadata schema); BINLOG REPLAY or SUPER")
                    .contains("GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, INDEX ON `felix`.* TO 'tandem'@'10.10.10.%'");
        }

        @Test
        void acceptsSuperAllPrivilegesAndWildcardDatabases() {
            assertThat(evaluateSeed(db1 -> db1.grants("GRANT ALL PRIVILEGES ON *.* TO `root`@`%`"),
                    db2 -> db2.grants("GRANT SUPER, REPLICATION SLAVE ON *.* TO `t`@`%`",
                            "GRANT ALL ON `fel%`.* TO `t`@`%`", "GRANT ALL ON `tandem`.* TO `t`@`%`")).isClean()).isTrue();
        }

        @Test
        void withoutDoDbEveryDatabaseTheSourceShowsIsRequiredExceptSystemOnes() throws Exception {
            ReplicatorConfig config = ReplicatorConfig.builder()
                    .server("db1", s -> s.set("host", "h1").set("user", "tandem"))
                    .server("db2", s -> s.set("host", "h2").set("user", "tandem"))
                    .channel("a", c -> c.set("source", "db1").set("target", "db2").set("replicate-ignore-db", "scratch"))
                    .build();
            Facts db1 = seedServer(config.server("db1"), 1);
            db1.databases = List.of("felix", "shop", "scratch", "mysql", "sys", "tandem");
            CheckReport report = evaluate(config, db1, seedServer(config.server("db2"), 2));
            assertThat(report.problems()).singleElement().extracting(Problem::message).asString()
                    .contains("on shop").doesNotContain("on scratch").doesNotContain("on mysql").doesNotContain("on felix");
        }
    }

    @Nested
    class Overrides {

        @Test
        void aProblemOnASharedServerNeedsEveryConcernedChannelToAllowIt() throws Exception {
            ReplicatorConfig oneChannel = ReplicatorConfig.builder()
                    .server("db1", s -> s.set("host", "10.10.10.20").set("user", "tandem"))
                    .server("db2", s -> s.set("host", "10.10.10.21").set("user", "tandem"))
                    .set("replicate-do-db", "felix")
                    .channel("db1-to-db2", c -> c.set("source", "db1").set("target", "db2").set("allow", "auto-increment"))
                    .channel("db2-to-db1", c -> c.set("source", "db2").set("target", "db1"))
                    .build();
            CheckReport report = evaluateSeed(oneChannel, db1 -> {}, db2 -> db2.set("auto_increment_offset", 1));
            assertThat(checks(report)).containsExactly(StartupCheck.AUTO_INCREMENT);
        }

        @Test
        void aChannelOnlyProblemIsSwitchedOffByThatChannel() throws Exception {
            ReplicatorConfig config = ReplicatorConfig.builder()
                    .server("db1", s -> s.set("host", "10.10.10.20").set("user", "tandem"))
                    .server("db2", s -> s.set("host", "10.10.10.21").set("user", "tandem"))
                    .set("replicate-do-db", "felix")
                    .channel("db1-to-db2", c -> c.set("source", "db1").set("target", "db2").set("allow", "binlog-row-image"))
                    .channel("db2-to-db1", c -> c.set("source", "db2").set("target", "db1"))
                    .build();
            CheckReport report = evaluateSeed(config, db1 -> db1.set("binlog_row_image", "MINIMAL"), db2 -> {});
            assertThat(report.isClean()).isTrue();
            assertThat(report.warnings()).singleElement().asString().startsWith("allowed by allow = binlog-row-image: db1");
        }
    }

    @Nested
    class Unreachable {

        @Test
        void isListedWithTheProblemsOfTheServersThatAnswered() {
            ReplicatorConfig config = seedConfig();
            Map<String, ServerFacts> facts = new LinkedHashMap<>();
            facts.put("db1", seedServer(config.server("db1"), 1).set("binlog_row_image", "MINIMAL").build());
            facts.put("db2", ServerFacts.unreachable(config.server("db2"), "Socket fail to connect to 10.10.10.21:3306."
                    + " Connection refused", 0));
            CheckReport report = StartupChecks.evaluate(config, facts);
            assertThat(checks(report)).containsExactly(StartupCheck.BINLOG_ROW_IMAGE, StartupCheck.SERVER_REACHABLE);
            assertThat(report.format("conf/tandem.cnf")).isEqualTo("""
                    startup checks of conf/tandem.cnf found 2 problems; replicator did not start:
                      db1 (10.10.10.20:3306): binlog_row_image is MINIMAL: updates and deletes then carry only some columns, \
                    so tandem cannot find rows of tables without a primary key nor notice that the peer's row differs. Set \
                    binlog_row_image = FULL in db1's my.cnf (and SET GLOBAL binlog_row_image = 'FULL') [override: allow = binlog-row-image]
                      db2 (10.10.10.21:3306, user tandem): cannot connect: Socket fail to connect to 10.10.10.21:3306. \
                    Connection refused. Check that the server is running and listening on 10.10.10.21:3306 (bind-address in \
                    its my.cnf, firewall), and that this host can reach it [override: allow = server-reachable]""");
        }

        @Test
        void explainsARefusedLogin() {
            ReplicatorConfig config = seedConfig();
            Map<String, ServerFacts> facts = new LinkedHashMap<>();
            facts.put("db1", seedServer(config.server("db1"), 1).build());
            facts.put("db2", ServerFacts.unreachable(config.server("db2"),
                    "(conn=5) Access denied for user 'tandem'@'10.10.10.20' (using password: YES)", 1045));
            assertThat(StartupChecks.evaluate(config, facts).format("x")).contains("The server refused the login: check"
                    + " user and password in [server db2]").doesNotContain(PASSWORD);
        }
    }
}
