package io.tandem.replicator.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.replicator.config.ConfigLoader;
import io.tandem.replicator.config.ReplicatorConfig;
import io.tandem.replicator.config.StartupCheck;
import io.tandem.testkit.MariaDbOptions;
import io.tandem.testkit.MariaDbServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The startup checks against real MariaDB 10.11 servers set up as the seed sets up its pair
 * (server-ids 1 and 2, log-bin, log-slave-updates, sync_binlog=1, auto_increment 2 with offsets 1
 * and 2, binlog-do-db=felix, binlog-ignore-db=mysql), read with the shipped example
 * {@code conf/tandem.cnf} pointed at them, as the account that file tells operators to create.
 *
 * <p>Most cases change a dynamic global variable and {@link #restoreTheSeedsSettings()} puts it back
 * before the next; cases that need a server started differently start their own.
 */
class StartupChecksIT {

    /** Contains # and ; so that the file's quoting is exercised with a real login. */
    private static final String PASSWORD = "Pa55#w0rd;Tandem";

    private static MariaDbServer db1;
    private static MariaDbServer db2;

    @BeforeAll
    static void startTheSeedsPair() {
        db1 = MariaDbServer.start("db1", seedOptions(1));
        db2 = MariaDbServer.start("db2", seedOptions(2));
        List<String> documented = documentedAccountStatements();
        assertThat(documented).hasSizeGreaterThanOrEqualTo(4);
        for (MariaDbServer server : List.of(db1, db2)) {
            // The account conf/tandem.cnf tells operators to create, statement by statement, for the loopback.
            server.execute(documented.toArray(String[]::new));
            server.execute(
                    // The seed's replication account: REPLICATION SLAVE and nothing else.
                    "CREATE USER 'felix'@'127.0.0.1' IDENTIFIED BY '" + PASSWORD + "'",
                    "GRANT REPLICATION SLAVE ON *.* TO 'felix'@'127.0.0.1'",
                    "CREATE DATABASE felix");
        }
    }

    /** The CREATE USER and GRANT statements in conf/tandem.cnf's comments, for tandem on 127.0.0.1. */
    private static List<String> documentedAccountStatements() {
        try {
            return Files.readAllLines(Path.of("..", "conf", "tandem.cnf")).stream()
                    .map(line -> line.replaceFirst("^#\\s*", ""))
                    .filter(line -> line.startsWith("CREATE USER 'tandem'") || line.startsWith("GRANT "))
                    .map(line -> line.replace("'10.10.10.%'", "'127.0.0.1'").replace("'...'", "'" + PASSWORD + "'")
                            .replaceFirst(";$", ""))
                    .toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static MariaDbOptions seedOptions(int serverId) {
        return MariaDbOptions.master(serverId, 2)
                .withArgument("--binlog-do-db=felix")
                .withArgument("--binlog-ignore-db=mysql");
    }

    @AfterAll
    static void stopThePair() {
        for (MariaDbServer server : new MariaDbServer[] {db1, db2}) {
            if (server != null) {
                server.close();
            }
        }
    }

    @BeforeEach
    void restoreTheSeedsSettings() {
        for (MariaDbServer server : List.of(db1, db2)) {
            int id = server == db1 ? 1 : 2;
            server.execute("SET GLOBAL server_id = " + id, "SET GLOBAL auto_increment_increment = 2",
                    "SET GLOBAL auto_increment_offset = " + id, "SET GLOBAL binlog_format = 'ROW'",
                    "SET GLOBAL binlog_row_image = 'FULL'", "SET GLOBAL gtid_strict_mode = ON");
        }
    }

    /** conf/tandem.cnf as shipped, pointed at the test servers, with extra lines at the top of [replicator]. */
    private static ReplicatorConfig example(String replicatorLines, String user) throws Exception {
        String text = Files.readString(Path.of("..", "conf", "tandem.cnf"));
        String pointed = text
                .replace("host = 10.10.10.20\nport = 3306", "host = 127.0.0.1\nport = " + db1.port())
                .replace("host = 10.10.10.21\nport = 3306", "host = 127.0.0.1\nport = " + db2.port())
                .replace("password = \"change-me\"", "password = \"" + PASSWORD + "\"")
                .replace("user = tandem", "user = " + user)
                .replace("[replicator]\n", "[replicator]\n" + replicatorLines + "\n");
        assertThat(pointed).contains("port = " + db1.port()).contains("port = " + db2.port()).contains(PASSWORD);
        return ConfigLoader.parse(pointed, "conf/tandem.cnf");
    }

    private static ReplicatorConfig example() throws Exception {
        return example("", "tandem");
    }

    /** Runs the checks and asserts, for every case, that no message carries the password. */
    private static CheckReport check(ReplicatorConfig config) {
        CheckReport report = new StartupChecks(config).run();
        String everything = report.format(config.origin()) + "\n" + String.join("\n", report.warnings());
        System.out.println(everything);
        assertThat(everything).doesNotContain(PASSWORD).doesNotContain("Pa55");
        return report;
    }

    private static List<Problem> problemsOf(CheckReport report, StartupCheck check) {
        return report.problems().stream().filter(p -> p.check() == check).toList();
    }

    @Test
    void theSeedsSettingsPassWithTheExampleConfiguration() throws Exception {
        CheckReport report = check(example());
        assertThat(report.problems()).isEmpty();
        assertThat(report.warnings()).isEmpty();
        assertThat(report.isClean()).isTrue();
    }

    @Test
    void refusesTwoServersWithTheSameServerId() throws Exception {
        db2.execute("SET GLOBAL server_id = 1");
        CheckReport report = check(example());
        assertThat(problemsOf(report, StartupCheck.SERVER_ID)).singleElement().satisfies(p -> {
            assertThat(p.message()).startsWith("db1 (127.0.0.1:" + db1.port() + ") and db2 (127.0.0.1:" + db2.port()
                    + ") both have server_id 1: every server needs its own");
            assertThat(p.overridable()).isFalse();
        });
        // The example also states server-id = 2 for db2, and says so.
        assertThat(problemsOf(report, StartupCheck.EXPECTED_SETTINGS)).singleElement().extracting(Problem::message)
                .asString().contains("db2 (127.0.0.1:" + db2.port() + "): server-id is 1, but [server db2] in"
                        + " conf/tandem.cnf expects 2");
    }

    @Test
    void refusesAnAutoIncrementIncrementOfOne() throws Exception {
        db1.execute("SET GLOBAL auto_increment_increment = 1", "SET GLOBAL auto_increment_offset = 1");
        db2.execute("SET GLOBAL auto_increment_increment = 1", "SET GLOBAL auto_increment_offset = 1");
        CheckReport report = check(example());
        assertThat(problemsOf(report, StartupCheck.AUTO_INCREMENT)).extracting(Problem::message).containsExactly(
                "db1 (127.0.0.1:" + db1.port() + "): auto_increment_increment is 1, but 2 masters take writes (db1,"
                        + " db2): it must be at least 2 on every master, each with its own auto_increment_offset (the"
                        + " seed: increment 2, offsets 1 and 2), or inserts on two masters get the same keys",
                "db2 (127.0.0.1:" + db2.port() + "): auto_increment_increment is 1, but 2 masters take writes (db1,"
                        + " db2): it must be at least 2 on every master, each with its own auto_increment_offset (the"
                        + " seed: increment 2, offsets 1 and 2), or inserts on two masters get the same keys");
        assertThat(report.isClean()).isFalse();
    }

    @Test
    void refusesTwoMastersWithTheSameOffset() throws Exception {
        db2.execute("SET GLOBAL auto_increment_offset = 1");
        CheckReport report = check(example());
        assertThat(problemsOf(report, StartupCheck.AUTO_INCREMENT)).singleElement().extracting(Problem::message)
                .asString().startsWith("db1 (127.0.0.1:" + db1.port() + ") and db2 (127.0.0.1:" + db2.port()
                        + ") hand out the same auto-increment values (1, 3, 5, ...)");
    }

    @Test
    void refusesAServerWhoseBinlogIsOff() throws Exception {
        try (MariaDbServer noBinlog = MariaDbServer.start("nobinlog", MariaDbOptions.master(3, 2).withoutBinlog())) {
            noBinlog.execute("CREATE USER 'tandem'@'127.0.0.1' IDENTIFIED BY '" + PASSWORD + "'",
                    "GRANT ALL PRIVILEGES ON *.* TO 'tandem'@'127.0.0.1'");
            ReplicatorConfig config = ReplicatorConfig.builder()
                    .set("replicate-do-db", "felix")
                    .server("db1", s -> s.set("host", "127.0.0.1").set("port", db1.port()).set("user", "tandem")
                            .set("password", PASSWORD))
                    .server("db3", s -> s.set("host", "127.0.0.1").set("port", noBinlog.port()).set("user", "tandem")
                            .set("password", PASSWORD))
                    .channel("db1-to-db3", c -> c.set("source", "db1").set("target", "db3"))
                    .channel("db3-to-db1", c -> c.set("source", "db3").set("target", "db1"))
                    .build();
            CheckReport report = check(config);
            assertThat(problemsOf(report, StartupCheck.LOG_BIN)).singleElement().satisfies(p -> {
                assertThat(p.message()).isEqualTo("db3 (127.0.0.1:" + noBinlog.port() + "): the binary log is off"
                        + " (log_bin = OFF), so channel db3-to-db1 has nothing to read. Add log-bin = mysql-bin to db3's"
                        + " my.cnf and restart it");
                assertThat(p.overridable()).isFalse();
            });
        }
    }

    @Test
    void refusesAMinimalRowImage() throws Exception {
        try (MariaDbServer minimal = MariaDbServer.start("minimal",
                seedOptions(2).withArgument("--binlog-row-image=MINIMAL"))) {
            minimal.execute("CREATE USER 'tandem'@'127.0.0.1' IDENTIFIED BY '" + PASSWORD + "'",
                    "GRANT ALL PRIVILEGES ON *.* TO 'tandem'@'127.0.0.1'");
            String text = Files.readString(Path.of("..", "conf", "tandem.cnf"))
                    .replace("host = 10.10.10.20\nport = 3306", "host = 127.0.0.1\nport = " + db1.port())
                    .replace("host = 10.10.10.21\nport = 3306", "host = 127.0.0.1\nport = " + minimal.port())
                    .replace("password = \"change-me\"", "password = \"" + PASSWORD + "\"");
            CheckReport report = check(ConfigLoader.parse(text, "conf/tandem.cnf"));
            assertThat(report.problems()).singleElement().satisfies(p -> {
                assertThat(p.check()).isEqualTo(StartupCheck.BINLOG_ROW_IMAGE);
                assertThat(p.message()).startsWith("db2 (127.0.0.1:" + minimal.port() + "): binlog_row_image is MINIMAL");
                assertThat(p.describe()).endsWith("[override: allow = binlog-row-image]");
            });
        }
    }

    @Test
    void refusesTheSeedsReplicationAccountNamingWhatItLacks() throws Exception {
        CheckReport report = check(example("", "felix"));
        assertThat(problemsOf(report, StartupCheck.SOURCE_PRIVILEGES)).hasSize(2).allSatisfy(p ->
                assertThat(p.message()).contains("user felix (felix@127.0.0.1) lacks BINLOG MONITOR")
                        .contains("Run: GRANT BINLOG MONITOR ON *.* TO 'felix'@'127.0.0.1'"));
        assertThat(problemsOf(report, StartupCheck.TARGET_PRIVILEGES)).hasSize(2).allSatisfy(p ->
                assertThat(p.message()).contains("lacks SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, INDEX on felix")
                        .contains("on tandem (tandem's metadata schema)")
                        .contains("BINLOG REPLAY or SUPER (loop-prevention = server-id"));
    }

    @Test
    void listsAnUnreachableServerTogetherWithTheOtherProblems() throws Exception {
        int closedPort = closedPort();
        db1.execute("SET GLOBAL binlog_row_image = 'MINIMAL'");
        String text = Files.readString(Path.of("..", "conf", "tandem.cnf"))
                .replace("host = 10.10.10.20\nport = 3306", "host = 127.0.0.1\nport = " + db1.port())
                .replace("host = 10.10.10.21\nport = 3306", "host = 127.0.0.1\nport = " + closedPort)
                .replace("password = \"change-me\"", "password = \"" + PASSWORD + "\"");
        ReplicatorConfig config = ConfigLoader.parse(text, "conf/tandem.cnf");
        Instant started = Instant.now();
        CheckReport report = check(config);
        assertThat(Duration.between(started, Instant.now())).isLessThan(StartupChecks.DEFAULT_CONNECT_TIMEOUT.plusSeconds(10));
        assertThat(report.problems()).extracting(Problem::check)
                .containsExactly(StartupCheck.BINLOG_ROW_IMAGE, StartupCheck.SERVER_REACHABLE);
        assertThat(problemsOf(report, StartupCheck.SERVER_REACHABLE)).singleElement().extracting(Problem::message)
                .asString().startsWith("db2 (127.0.0.1:" + closedPort + ", user tandem): cannot connect: ")
                .endsWith("Check that the server is running and listening on 127.0.0.1:" + closedPort
                        + " (bind-address in its my.cnf, firewall), and that this host can reach it");
        assertThat(report.format(config.origin()))
                .startsWith("startup checks of conf/tandem.cnf found 2 problems; replicator did not start:\n  db1 (");
    }

    @Test
    void anOverrideInAllowTurnsAProblemOffAndSaysSo() throws Exception {
        db1.execute("SET GLOBAL binlog_format = 'MIXED'");
        CheckReport refused = check(example());
        assertThat(refused.problems()).extracting(Problem::check).containsExactly(StartupCheck.BINLOG_FORMAT);

        CheckReport allowed = check(example("allow = binlog-format", "tandem"));
        assertThat(allowed.isClean()).isTrue();
        assertThat(allowed.warnings()).singleElement().asString()
                .startsWith("allowed by allow = binlog-format: db1 (127.0.0.1:" + db1.port() + "): binlog_format is MIXED");
    }

    @Test
    void refusesAWrongPasswordWithoutPrintingEitherPassword() throws Exception {
        String text = Files.readString(Path.of("..", "conf", "tandem.cnf"))
                .replace("host = 10.10.10.20\nport = 3306", "host = 127.0.0.1\nport = " + db1.port())
                .replace("host = 10.10.10.21\nport = 3306", "host = 127.0.0.1\nport = " + db2.port())
                .replaceFirst("password = \"change-me\"", "password = \"" + PASSWORD + "\"")
                .replace("password = \"change-me\"", "password = \"" + PASSWORD + "-wrong\"");
        CheckReport report = check(ConfigLoader.parse(text, "conf/tandem.cnf"));
        assertThat(problemsOf(report, StartupCheck.SERVER_REACHABLE)).singleElement().extracting(Problem::message)
                .asString().contains("db2 (127.0.0.1:" + db2.port() + ", user tandem): cannot connect")
                .contains("Access denied").contains("The server refused the login: check user and password in [server db2]");
    }

    @Test
    void refusesNativeReplicationLeftRunningFromTheSeedsSetup() throws Exception {
        // As the seed's step 3.6/3.7 does on the backup server: CHANGE MASTER to the other one, START SLAVE.
        db2.execute("CHANGE MASTER TO master_host='127.0.0.1', master_port=" + db1.port()
                + ", master_user='root', master_password='', master_use_gtid=no", "START SLAVE");
        try {
            awaitCondition(() -> "Yes".equals(db2.queryRows("SHOW SLAVE STATUS").isEmpty() ? null
                    : slaveStatus("Slave_SQL_Running")), Duration.ofSeconds(30));
            CheckReport report = check(example());
            assertThat(report.problems()).singleElement().satisfies(p -> {
                assertThat(p.check()).isEqualTo(StartupCheck.NATIVE_REPLICATION);
                assertThat(p.message()).startsWith("db2 (127.0.0.1:" + db2.port() + ") still runs native replication"
                        + " from db1").contains("channel db1-to-db2 replicates the same direction")
                        .endsWith("On db2 run STOP SLAVE; RESET SLAVE ALL;");
            });
        } finally {
            db2.execute("STOP SLAVE", "RESET SLAVE ALL");
        }
    }

    private static String slaveStatus(String column) {
        try (var connection = db2.connect(); var rows = connection.createStatement().executeQuery("SHOW SLAVE STATUS")) {
            return rows.next() ? rows.getString(column) : null;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitCondition(BooleanSupplier condition, Duration bound) throws InterruptedException {
        Instant deadline = Instant.now().plus(bound);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not met within " + bound);
            }
            Thread.sleep(20);
        }
    }

    /** A loopback port with nothing listening on it. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
