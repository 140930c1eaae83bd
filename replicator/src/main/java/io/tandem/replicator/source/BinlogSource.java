package io.tandem.replicator.source;

import io.tandem.replicator.event.BinlogPosition;
import io.tandem.replicator.event.ChangeEvent;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * A master's binlog as a series of {@link SourceSession}s, plus the questions a channel asks the
 * master directly over SQL: where its binlog ends, and which files it still has.
 */
public final class BinlogSource {

    private final String logPrefix;
    private final SourceEndpoint endpoint;
    private final long readerServerId;
    private final Duration heartbeatPeriod;
    private final InstantSource clock;

    public BinlogSource(String logPrefix, SourceEndpoint endpoint, long readerServerId, Duration heartbeatPeriod,
            InstantSource clock) {
        this.logPrefix = logPrefix;
        this.endpoint = endpoint;
        this.readerServerId = readerServerId;
        this.heartbeatPeriod = heartbeatPeriod;
        this.clock = clock;
    }

    public SourceEndpoint endpoint() {
        return endpoint;
    }

    /** Opens and starts a session that publishes every event, in order, to {@code publish}. */
    public SourceSession open(int epoch, StartPosition start, Consumer<ChangeEvent> publish,
            SourceSessionListener listener) {
        SourceSession session = new SourceSession(logPrefix, epoch, endpoint, readerServerId, heartbeatPeriod, start,
                clock, publish, listener);
        session.start();
        return session;
    }

    /** The master's current binlog end ({@code SHOW MASTER STATUS}). */
    public BinlogPosition currentPosition() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SHOW MASTER STATUS")) {
            if (!rows.next()) {
                throw new SQLException("SHOW MASTER STATUS on " + endpoint.host() + ":" + endpoint.port()
                        + " returned nothing: binary logging (log_bin) is off");
            }
            return new BinlogPosition(rows.getString(1), rows.getLong(2));
        }
    }

    /** The binlog files the master still has, oldest first ({@code SHOW BINARY LOGS}). */
    public List<String> binaryLogs() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SHOW BINARY LOGS")) {
            List<String> files = new ArrayList<>();
            while (rows.next()) {
                files.add(rows.getString(1));
            }
            return files;
        }
    }

    /** The master's {@code @@server_id}. */
    public long serverId() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT @@server_id")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", endpoint.user());
        properties.setProperty("password", endpoint.password());
        properties.setProperty("connectTimeout", "5000");
        properties.setProperty("socketTimeout", "30000");
        return DriverManager.getConnection("jdbc:mariadb://" + endpoint.host() + ":" + endpoint.port() + "/",
                properties);
    }
}
