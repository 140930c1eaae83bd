package io.tandem.replicator.pipeline;

import io.tandem.testkit.MariaDbServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An application writing to every master at once, as the seed's applications do: inserts, updates and
 * deletes of its own rows in {@code felix.orders} and {@code felix.events}, retried on deadlock and lock
 * wait timeout. It counts the transactions it committed per server.
 */
final class WriteLoad {

    static final String[] TABLES = {
        "CREATE TABLE felix.orders (id INT AUTO_INCREMENT PRIMARY KEY, customer VARCHAR(40),"
                + " amount DECIMAL(12,2), note TEXT, KEY by_customer (customer)) ENGINE=InnoDB",
        "CREATE TABLE felix.events (happened DATETIME(6), what VARCHAR(100)) ENGINE=InnoDB"
    };

    private final List<Thread> writers = new ArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    private final List<AtomicLong> committed = new ArrayList<>();
    private final List<MariaDbServer> servers;

    private WriteLoad(List<MariaDbServer> servers) {
        this.servers = servers;
    }

    /** Starts {@code writersPerServer} writers on each server, each committing {@code transactions}. */
    static WriteLoad start(List<MariaDbServer> servers, int writersPerServer, int transactions) {
        WriteLoad load = new WriteLoad(servers);
        for (MariaDbServer server : servers) {
            AtomicLong count = new AtomicLong();
            load.committed.add(count);
            for (int w = 0; w < writersPerServer; w++) {
                String writer = server.name() + "-w" + w;
                load.writers.add(Thread.ofPlatform().name(writer).start(
                        () -> load.write(server, writer, transactions, count)));
            }
        }
        return load;
    }

    /** Waits for every writer; fails if any gave up. */
    void join() throws InterruptedException {
        for (Thread writer : writers) {
            writer.join();
        }
        if (failures.get() != 0) {
            throw new AssertionError(failures.get() + " writer(s) failed; see the log");
        }
    }

    /** Transactions committed on {@code server}. */
    long committedOn(MariaDbServer server) {
        return committed.get(servers.indexOf(server)).get();
    }

    private void write(MariaDbServer server, String writer, int transactions, AtomicLong count) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            for (int i = 0; i < transactions; i++) {
                for (int attempt = 1; ; attempt++) {
                    try {
                        writeOneTransaction(statement, writer, i, random);
                        connection.commit();
                        count.incrementAndGet();
                        break;
                    } catch (SQLException e) {
                        connection.rollback();
                        boolean retriable = e.getErrorCode() == 1213 || e.getErrorCode() == 1205;
                        if (!retriable || attempt == 20) {
                            throw e;
                        }
                    }
                }
            }
        } catch (SQLException e) {
            failures.incrementAndGet();
            throw new IllegalStateException(writer + ": " + e.getMessage(), e);
        }
    }

    private static void writeOneTransaction(Statement statement, String writer, int i, ThreadLocalRandom random)
            throws SQLException {
        statement.executeUpdate("INSERT INTO felix.orders (customer, amount, note) VALUES ('" + writer + "-" + i + "', "
                + random.nextInt(100_000) / 100.0 + ", 'n\u00e9 \uD83D\uDE00')");
        statement.executeUpdate("INSERT INTO felix.events (happened, what) VALUES (NOW(6), 'order " + writer + "')");
        if (i % 5 == 0) {
            // Only this writer's own rows: cross-master conflicts on one row are not replication's to solve.
            statement.executeUpdate("UPDATE felix.orders SET amount = amount + 1 WHERE customer = '" + writer + "-"
                    + (i / 2) + "'");
        }
        if (i % 7 == 0) {
            statement.executeUpdate("DELETE FROM felix.orders WHERE customer = '" + writer + "-" + (i / 3) + "'");
        }
    }
}
