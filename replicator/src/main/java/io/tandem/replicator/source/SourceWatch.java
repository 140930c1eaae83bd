package io.tandem.replicator.source;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a master over SQL while a channel reads its binlog: how far its binlog reaches (for bytes
 * behind and for knowing that everything written is read), and how far its clock is from ours (for
 * reading binlog timestamps). Heartbeats only come while the master is idle; under load this is the
 * only way to see its end.
 *
 * <p>One connection, polled every {@code period} by its own daemon thread, reopened after a failure.
 */
public final class SourceWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SourceWatch.class);

    /**
     * What the master looked like at one moment.
     *
     * @param binlogs its binlog files and their sizes
     * @param clockOffset its clock minus ours, measured at the same moment
     */
    public record Sighting(SourceBinlogs binlogs, Duration clockOffset) {}

    private final String logPrefix;
    private final SourceEndpoint endpoint;
    private final Duration period;
    private final InstantSource clock;
    private final Thread poller;
    private Connection connection;
    private volatile Sighting latest;
    private volatile String lastFailure;
    private volatile boolean closed;

    public SourceWatch(String logPrefix, SourceEndpoint endpoint, Duration period, InstantSource clock) {
        this.logPrefix = logPrefix;
        this.endpoint = endpoint;
        this.period = period;
        this.clock = clock;
        this.poller = Thread.ofPlatform().name(logPrefix + "-source-watch").daemon().unstarted(this::pollUntilClosed);
    }

    public void start() {
        poller.start();
    }

    /** The latest sighting, or null before the first one succeeded. */
    public Sighting latest() {
        return latest;
    }

    /** Why the latest poll failed, or null when it succeeded. */
    public String lastFailure() {
        return lastFailure;
    }

    /** How often the master is asked. */
    public Duration period() {
        return period;
    }

    /** Asks the master now, on the calling thread; returns the new sighting, or null when it failed. */
    public Sighting refreshNow() {
        synchronized (this) {
            if (closed) {
                return latest;
            }
            try {
                if (connection == null || !connection.isValid(2)) {
                    closeConnection();
                    connection = connect();
                }
                Instant before = clock.instant();
                BigDecimal sourceNow;
                try (Statement statement = connection.createStatement();
                        ResultSet rows = statement.executeQuery("SELECT UNIX_TIMESTAMP(NOW(6))")) {
                    rows.next();
                    sourceNow = rows.getBigDecimal(1);
                }
                Instant after = clock.instant();
                // Observed when the question was asked: everything written before then is in the answer.
                SourceBinlogs binlogs = SourceBinlogs.read(connection, clock.instant());
                Instant midpoint = before.plus(Duration.between(before, after).dividedBy(2));
                Instant sourceInstant = Instant.ofEpochSecond(sourceNow.longValue(),
                        sourceNow.remainder(BigDecimal.ONE).movePointRight(9).longValue());
                Sighting sighting = new Sighting(binlogs, Duration.between(midpoint, sourceInstant));
                if (lastFailure != null) {
                    log.info("{}: the source answers again", logPrefix);
                }
                lastFailure = null;
                latest = sighting;
                return sighting;
            } catch (SQLException e) {
                if (lastFailure == null) {
                    log.warn("{}: cannot watch the source {}: {}", logPrefix, endpoint, e.getMessage());
                }
                lastFailure = e.getMessage();
                closeConnection();
                return null;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        poller.interrupt();
        synchronized (this) {
            closeConnection();
        }
    }

    private void pollUntilClosed() {
        while (!closed) {
            refreshNow();
            try {
                Thread.sleep(period);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", endpoint.user());
        properties.setProperty("password", endpoint.password());
        properties.setProperty("connectTimeout", "2000");
        properties.setProperty("socketTimeout", "5000");
        Connection opened = DriverManager.getConnection(
                "jdbc:mariadb://" + endpoint.host() + ":" + endpoint.port() + "/", properties);
        try (Statement statement = opened.createStatement()) {
            // UNIX_TIMESTAMP(NOW()) is unambiguous only in a zone without daylight saving.
            statement.execute("SET time_zone = '+00:00'");
        }
        return opened;
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                log.debug("{}: closing the watch connection: {}", logPrefix, e.toString());
            }
            connection = null;
        }
    }
}
