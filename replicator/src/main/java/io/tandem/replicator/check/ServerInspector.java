package io.tandem.replicator.check;

import io.tandem.common.Secret;
import io.tandem.replicator.config.ServerConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Reads a server's {@link ServerFacts} over one JDBC connection as the configured user. Only reads:
 * nothing on the server is changed. The password goes to the driver in its properties, never into
 * the URL, and is scrubbed from any driver message before that message is kept.
 */
final class ServerInspector {

    /** The global variables the checks judge. */
    static final List<String> VARIABLES = List.of("server_id", "log_bin", "log_bin_basename", "binlog_format",
            "binlog_row_image", "binlog_row_metadata", "log_bin_compress", "log_slave_updates",
            "auto_increment_increment", "auto_increment_offset", "gtid_strict_mode", "gtid_domain_id", "sync_binlog",
            "innodb_flush_log_at_trx_commit", "version", "version_comment");

    private final Duration connectTimeout;
    private final Duration queryTimeout;

    ServerInspector(Duration connectTimeout, Duration queryTimeout) {
        this.connectTimeout = connectTimeout;
        this.queryTimeout = queryTimeout;
    }

    ServerFacts inspect(ServerConfig server) {
        Properties properties = new Properties();
        properties.setProperty("user", server.user());
        properties.setProperty("password", server.password().reveal());
        properties.setProperty("connectTimeout", Long.toString(connectTimeout.toMillis()));
        properties.setProperty("socketTimeout", Long.toString(queryTimeout.toMillis()));
        String url = "jdbc:mariadb://" + server.address() + "/";
        try (Connection connection = DriverManager.getConnection(url, properties)) {
            return read(server, connection);
        } catch (SQLException e) {
            return ServerFacts.unreachable(server, scrub(e.getMessage(), server.password()), e.getErrorCode());
        }
    }

    private ServerFacts read(ServerConfig server, Connection connection) throws SQLException {
        Map<String, String> variables = new HashMap<>();
        String in = String.join(",", VARIABLES.stream().map(name -> "'" + name + "'").toList());
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SHOW GLOBAL VARIABLES WHERE Variable_name IN (" + in + ")")) {
            while (rows.next()) {
                variables.put(rows.getString(1).toLowerCase(Locale.ROOT), rows.getString(2));
            }
        }
        String currentUser = queryFirst(connection, "SELECT CURRENT_USER()").orElse("");

        List<String> grants = new ArrayList<>();
        String grantsFailure = null;
        try {
            for (List<String> row : rows(connection, "SHOW GRANTS")) {
                grants.add(row.getFirst());
            }
        } catch (SQLException e) {
            grantsFailure = scrub(e.getMessage(), server.password());
        }

        ServerFacts.MasterStatus masterStatus = null;
        String masterStatusFailure = null;
        try {
            List<Map<String, String>> status = namedRows(connection, "SHOW MASTER STATUS");
            masterStatus = status.isEmpty() ? new ServerFacts.MasterStatus(List.of(), List.of())
                    : new ServerFacts.MasterStatus(split(status.getFirst().get("binlog_do_db")),
                            split(status.getFirst().get("binlog_ignore_db")));
        } catch (SQLException e) {
            masterStatusFailure = scrub(e.getMessage(), server.password());
        }

        List<ServerFacts.NativeReplica> replicas = new ArrayList<>();
        String replicasFailure = null;
        try {
            List<Map<String, String>> status;
            try {
                status = namedRows(connection, "SHOW ALL SLAVES STATUS");
            } catch (SQLException e) {
                if (e.getErrorCode() != 1064) { // ER_PARSE_ERROR: MySQL has no ALL SLAVES
                    throw e;
                }
                status = namedRows(connection, "SHOW SLAVE STATUS");
            }
            for (Map<String, String> row : status) {
                replicas.add(new ServerFacts.NativeReplica(
                        row.getOrDefault("connection_name", ""),
                        row.getOrDefault("master_host", ""),
                        parseInt(row.get("master_port")),
                        parseLong(row.get("master_server_id")),
                        "Yes".equalsIgnoreCase(row.get("slave_io_running")),
                        "Yes".equalsIgnoreCase(row.get("slave_sql_running"))));
            }
        } catch (SQLException e) {
            replicasFailure = scrub(e.getMessage(), server.password());
        }

        List<String> databases = new ArrayList<>();
        for (List<String> row : rows(connection, "SHOW DATABASES")) {
            databases.add(row.getFirst());
        }
        return new ServerFacts(server, Optional.empty(), 0, variables, currentUser, grants, grantsFailure,
                masterStatus, masterStatusFailure, replicas, replicasFailure, databases);
    }

    private static Optional<String> queryFirst(Connection connection, String sql) throws SQLException {
        List<List<String>> rows = rows(connection, sql);
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.getFirst().getFirst());
    }

    private static List<List<String>> rows(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            int columns = rows.getMetaData().getColumnCount();
            List<List<String>> result = new ArrayList<>();
            while (rows.next()) {
                List<String> row = new ArrayList<>(columns);
                for (int i = 1; i <= columns; i++) {
                    row.add(rows.getString(i));
                }
                result.add(row);
            }
            return result;
        }
    }

    /** Rows as maps from lower-case column label to value. */
    private static List<Map<String, String>> namedRows(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            ResultSetMetaData meta = rows.getMetaData();
            List<Map<String, String>> result = new ArrayList<>();
            while (rows.next()) {
                Map<String, String> row = new HashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    String value = rows.getString(i);
                    row.put(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), value == null ? "" : value);
                }
                result.add(row);
            }
            return result;
        }
    }

    private static List<String> split(String joined) {
        if (joined == null || joined.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(joined.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static int parseInt(String text) {
        try {
            return text == null ? 0 : Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static long parseLong(String text) {
        try {
            return text == null ? 0 : Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Removes the password from a driver message, should a driver ever echo it. */
    static String scrub(String message, Secret password) {
        String text = message == null ? "no message" : message.strip();
        if (!password.isEmpty()) {
            text = text.replace(password.reveal(), Secret.MASK);
        }
        return text;
    }
}
