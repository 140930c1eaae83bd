package io.tandem.cli;

import io.tandem.replicator.Replicator;
import io.tandem.replicator.admin.AdminServer;
import io.tandem.replicator.admin.ReplicatorMetrics;
import io.tandem.replicator.admin.StatusReports;
import io.tandem.replicator.config.ReplicatorConfig;
import io.tandem.replicator.pipeline.ChannelState;
import io.tandem.replicator.pipeline.ChannelStatus;
import io.tandem.replicator.pipeline.ReplicationChannel;
import io.tandem.testkit.MariaDbOptions;
import io.tandem.testkit.MariaDbServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The embedded default: the seed's pair on this machine. Two MariaDB servers (server ids 1 and 2,
 * auto_increment_increment 2 with offsets 1 and 2, binlog on, database felix), a channel each way,
 * writes on both sides, then proof that they converged.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start two local MariaDB servers configured like the seed's pair, replicate both ways,",
                "write on both sides and show that they converge (CHECKSUM TABLE on each side).",
                "Needs the mariadb-server package; servers run in temporary directories and are removed."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--transactions", defaultValue = "500",
            description = "Transactions written on each server (default: ${DEFAULT-VALUE}).")
    int transactions;

    @Option(names = "--keep-running", description = "Keep servers and channels running until Ctrl-C, printing status.")
    boolean keepRunning;

    @Override
    public Integer call() throws Exception {
        Path logs = Files.createTempDirectory("tandem-demo-logs-");
        List<AutoCloseable> cleanup = new ArrayList<>();
        try {
            System.out.println("Starting MariaDB db1 (server-id 1, auto_increment_offset 1) and db2 (server-id 2,"
                    + " auto_increment_offset 2) ...");
            MariaDbServer db1 = MariaDbServer.start("db1", MariaDbOptions.master(1, 2), logs);
            cleanup.add(0, db1);
            MariaDbServer db2 = MariaDbServer.start("db2", MariaDbOptions.master(2, 2), logs);
            cleanup.add(0, db2);
            System.out.printf("  db1 on 127.0.0.1:%d, db2 on 127.0.0.1:%d%n", db1.port(), db2.port());

            // The same configuration a user writes in conf/tandem.cnf, built in code for these two servers.
            ReplicatorConfig config = ReplicatorConfig.builder()
                    .origin("the demo configuration")
                    .set("name", "demo")
                    .set("heartbeat-period", "1s")
                    // A free port, so the demo runs beside a real service on the default 8470.
                    .set("admin-listen", "127.0.0.1:0")
                    .server("db1", s -> s.set("host", db1.host()).set("port", db1.port()).set("user", "root")
                            .set("server-id", 1).set("auto_increment_increment", 2).set("auto_increment_offset", 1))
                    .server("db2", s -> s.set("host", db2.host()).set("port", db2.port()).set("user", "root")
                            .set("server-id", 2).set("auto_increment_increment", 2).set("auto_increment_offset", 2))
                    .channel("db1-to-db2", c -> c.set("source", "db1").set("target", "db2").set("reader-server-id", 101))
                    .channel("db2-to-db1", c -> c.set("source", "db2").set("target", "db1").set("reader-server-id", 102))
                    .build();
            ReplicatorMetrics metrics = new ReplicatorMetrics();
            Replicator replicator = Replicator.start(config, metrics::observerFor);
            cleanup.add(0, replicator);
            metrics.bind(replicator);
            AdminServer admin = AdminServer.start(config.admin(), replicator, metrics);
            cleanup.add(0, admin::close);
            String url = "http://127.0.0.1:" + admin.address().getPort();
            System.out.printf("  admin endpoint %s (tandem status --url %s; metrics at %s/metrics)%n", url, url, url);
            List<ReplicationChannel> channels = List.of(replicator.channel("db1-to-db2").orElseThrow(),
                    replicator.channel("db2-to-db1").orElseThrow());
            awaitRunning(channels);

            System.out.println("Creating database felix on db1 (replicates to db2) ...");
            db1.execute("CREATE DATABASE felix", "CREATE TABLE felix.accounts (id INT AUTO_INCREMENT PRIMARY KEY,"
                    + " owner VARCHAR(40) NOT NULL, balance DECIMAL(12,2) NOT NULL, updated DATETIME(6)) ENGINE=InnoDB");
            if (!awaitCaughtUp(channels, Duration.ofSeconds(30))) {
                return failed(config, channels, "the channels did not catch up after the DDL");
            }

            System.out.printf("Writing %d transactions on each server at the same time ...%n", transactions);
            Thread w1 = Thread.ofPlatform().start(() -> write(db1, transactions));
            Thread w2 = Thread.ofPlatform().start(() -> write(db2, transactions));
            while (w1.isAlive() || w2.isAlive()) {
                w1.join(1000);
                System.out.printf("  db1 rows %d, db2 rows %d%n", count(db1), count(db2));
            }
            w2.join();
            if (!awaitCaughtUp(channels, Duration.ofSeconds(120))) {
                return failed(config, channels, "the channels did not catch up");
            }

            Map<String, String> sums = new TreeMap<>();
            for (MariaDbServer server : List.of(db1, db2)) {
                sums.put(server.name(), server.queryRows("CHECKSUM TABLE felix.accounts EXTENDED").get(0).get(1));
            }
            System.out.println();
            System.out.print(status(config, channels));
            System.out.println();
            System.out.printf("rows:     db1 %d, db2 %d%n", count(db1), count(db2));
            System.out.printf("checksum: db1 %s, db2 %s%n", sums.get("db1"), sums.get("db2"));
            System.out.printf("GTIDs:    db1 %s, db2 %s%n", db1.queryString("SELECT @@gtid_binlog_pos"),
                    db2.queryString("SELECT @@gtid_binlog_pos"));
            boolean converged = sums.get("db1").equals(sums.get("db2")) && count(db1) == 2L * transactions;
            System.out.println(converged ? "CONVERGED: both servers hold the same data." : "DIVERGED: see above.");
            if (keepRunning && converged) {
                System.out.println("Running until Ctrl-C; status every 5 s.");
                while (true) {
                    Thread.sleep(5000);
                    System.out.print(status(config, channels));
                }
            }
            return converged ? 0 : TandemCommand.EXIT_FAILED;
        } finally {
            for (AutoCloseable closeable : cleanup) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    System.err.println("cleanup: " + e.getMessage());
                }
            }
        }
    }

    private static void awaitRunning(List<ReplicationChannel> channels) throws InterruptedException {
        for (ReplicationChannel channel : channels) {
            Instant deadline = Instant.now().plusSeconds(30);
            while (channel.status().state() != ChannelState.RUNNING && Instant.now().isBefore(deadline)) {
                Thread.sleep(20);
            }
        }
    }

    /** Waits until each channel has finished what its source had written when this was called. */
    private static boolean awaitCaughtUp(List<ReplicationChannel> channels, Duration timeout)
            throws InterruptedException, java.sql.SQLException {
        Instant deadline = Instant.now().plus(timeout);
        for (ReplicationChannel channel : channels) {
            var sourceEnd = channel.currentSourceEnd();
            while (!channel.status().hasFinished(sourceEnd)) {
                if (channel.status().state() == ChannelState.ERROR || Instant.now().isAfter(deadline)) {
                    return false;
                }
                Thread.sleep(50);
            }
        }
        return true;
    }

    private static String status(ReplicatorConfig config, List<ReplicationChannel> channels) {
        return StatusTable.render(StatusReports.online(config,
                channels.stream().map(ReplicationChannel::status).toList(), Instant.now()));
    }

    private static int failed(ReplicatorConfig config, List<ReplicationChannel> channels, String why) {
        System.out.print(status(config, channels));
        System.out.println("FAILED: " + why);
        return TandemCommand.EXIT_FAILED;
    }

    private static long count(MariaDbServer server) {
        return server.queryLong("SELECT COUNT(*) FROM felix.accounts");
    }

    /** An application's writes: each transaction retried on deadlock or lock wait timeout. */
    private static void write(MariaDbServer server, int transactions) {
        try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            for (int i = 0; i < transactions; i++) {
                for (int attempt = 1; ; attempt++) {
                    try {
                        statement.executeUpdate("INSERT INTO felix.accounts (owner, balance, updated) VALUES ('"
                                + server.name() + "-" + i + "', " + (i % 1000) + ".50, NOW(6))");
                        if (i % 10 == 9) {
                            statement.executeUpdate("UPDATE felix.accounts SET balance = balance + 1,"
                                    + " updated = NOW(6) WHERE owner = '" + server.name() + "-" + (i - 5) + "'");
                        }
                        connection.commit();
                        break;
                    } catch (SQLException e) {
                        connection.rollback();
                        if ((e.getErrorCode() != 1213 && e.getErrorCode() != 1205) || attempt == 10) {
                            throw e;
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(server.name() + ": " + e.getMessage(), e);
        }
    }
}
