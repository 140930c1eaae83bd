package io.tandem.bench;

import io.tandem.testkit.MariaDbOptions;
import io.tandem.testkit.MariaDbServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sbtest tables and the heartbeat table, made once per bench run on a server without a binlog, then
 * copied as a cold data directory into every source and replica.
 *
 * <p>Why a copy: source and replica must hold the same rows before replication starts, and the load
 * must not be in the source's binlog (replication starts after it). {@code sysbench prepare} cannot run
 * with {@code sql_log_bin=0}, and two separate prepares would generate different random strings. A
 * data directory of a cleanly stopped server is a consistent physical copy, byte for byte the same
 * rows on both servers, and each server then starts with an empty binlog of its own. It also saves
 * a prepare per measurement.
 */
final class PreparedData implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger("bench");
    /** Files of the seed's own process, not data: each server writes its own. */
    private static final Set<String> NOT_COPIED = Set.of("error.log", "stdout.log", "mysqld.pid", "mysqld.sock");

    private final MariaDbServer seed;

    private PreparedData(MariaDbServer seed) {
        this.seed = seed;
    }

    /** Starts a binlog-less server, runs sysbench prepare and creates the heartbeat table, then stops it. */
    static PreparedData prepare(Sysbench sysbench, ServerSettings settings, int tables, int tableSize, Path logs) {
        log.info("preparing the data set once: {} tables of {} rows (sysbench prepare, binlog off)", tables, tableSize);
        long started = System.nanoTime();
        // Durability does not matter for the seed: it is stopped cleanly before anything copies it.
        // auto_increment_increment 1 here: sysbench addresses rows by id 1..table-size, so ids must be dense.
        MariaDbOptions options = settings.options(99, List.of("--innodb-flush-log-at-trx-commit=0"))
                .withoutBinlog().withAutoIncrement(1, 1);
        MariaDbServer seed = MariaDbServer.start("seed", options, logs);
        try {
            seed.execute("CREATE DATABASE sbtest", Heartbeat.CREATE_SCHEMA, Heartbeat.CREATE_TABLE,
                    Heartbeat.INSERT_ROW);
            sysbench.prepare(seed, 2);
            seed.stop();
        } catch (RuntimeException e) {
            seed.close();
            throw e;
        }
        log.info("  prepared in {} s", (System.nanoTime() - started) / 1_000_000_000L);
        return new PreparedData(seed);
    }

    /** Replaces {@code server}'s data directory with the prepared one and starts it again. */
    void loadInto(MariaDbServer server) {
        server.stop();
        Path target = server.dataDirectory();
        try {
            try (Stream<Path> entries = Files.list(target)) {
                for (Path entry : entries.toList()) {
                    deleteTree(entry);
                }
            }
            Path from = seed.dataDirectory();
            try (Stream<Path> paths = Files.walk(from)) {
                for (Path source : (Iterable<Path>) paths::iterator) {
                    if (NOT_COPIED.contains(source.getFileName().toString()) && source.getParent().equals(from)) {
                        continue;
                    }
                    Path copy = target.resolve(from.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(copy);
                    } else {
                        Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the prepared data into " + server.name(), e);
        }
        server.restart();
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Override
    public void close() {
        seed.close();
    }
}
