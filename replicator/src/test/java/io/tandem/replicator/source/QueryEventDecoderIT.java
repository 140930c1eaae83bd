package io.tandem.replicator.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.IntVarEventData;
import io.tandem.replicator.event.StatementContext;
import io.tandem.replicator.event.StatementContext.UserVariable;
import io.tandem.replicator.source.BinlogFiles.LoggedEvent;
import io.tandem.replicator.source.QueryEventDecoder.DecodedQuery;
import io.tandem.replicator.source.SessionEventDecoder.MariadbGtid;
import io.tandem.testkit.MariaDbOptions;
import io.tandem.testkit.MariaDbServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Statements under {@code binlog_format=MIXED} on a real mariadbd: each QUERY is decoded with
 * {@link QueryEventDecoder} and every field is checked against what the master session had set, and
 * where possible by replaying it: {@code SET sql_mode=<decoded number>} must give back the same mode
 * names, the decoded RAND seeds must reproduce the master's RAND(), the timestamp, fraction and time
 * zone must reproduce the DATETIME NOW(6) stored.
 */
class QueryEventDecoderIT {

    private static final long OPTION_NO_FOREIGN_KEY_CHECKS = 0x0400_0000L;
    private static final int LATIN1_SWEDISH_CI = 8;
    // de_DE's number in MariaDB's locale table (sql_locale.cc); information_schema.LOCALES is a plugin not loaded here.
    private static final int LOCALE_DE_DE = 4;

    @Test
    void decodesStatementsWithTheSessionStateTheyRanIn() throws Exception {
        MariaDbOptions options = MariaDbOptions.master(1, 2).withBinlogFormat("MIXED");
        try (MariaDbServer server = MariaDbServer.start("queries", options)) {
            server.execute("CREATE DATABASE qdb CHARACTER SET utf8mb4",
                    "CREATE TABLE qdb.t (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(50) CHARACTER SET latin1,"
                            + " r DOUBLE, at DATETIME(6), u VARBINARY(20), n DECIMAL(10,2))");
            String insertNow = "INSERT INTO t (v, at) VALUES (DATE_FORMAT('2024-03-01', '%M'), NOW(6))";
            String insertRand = "INSERT INTO t (r) VALUES (RAND())";
            String insertVariables = "INSERT INTO t (u, r, n, v) VALUES (@v, @i, @d, COALESCE(@nothing, 'none'))";
            long connectionId;
            String sqlMode;
            int clientCollation;
            int connectionCollation;
            int serverCollation;
            try (Connection writer = DriverManager.getConnection(server.jdbcUrl() + "qdb", "root", "");
                    Statement statement = writer.createStatement()) {
                statement.execute("INSERT INTO t (v) VALUES ('before')");
                statement.execute("SET sql_mode = 'ANSI,NO_BACKSLASH_ESCAPES,STRICT_ALL_TABLES'");
                statement.execute("SET time_zone = '+05:30'");
                statement.execute("SET auto_increment_increment = 5, auto_increment_offset = 3");
                statement.execute("SET foreign_key_checks = 0");
                statement.execute("SET lc_time_names = 'de_DE'");
                statement.execute(insertNow);
                statement.execute("SET @@rand_seed1 = 12345, @@rand_seed2 = 67890");
                statement.execute(insertRand);
                statement.execute("SET @v = 'x\u00e9', @i = -7, @d = 1.25");
                statement.execute(insertVariables);
                connectionId = queryLong(writer, "SELECT CONNECTION_ID()");
                sqlMode = queryString(writer, "SELECT @@sql_mode");
                clientCollation = (int) queryLong(writer, "SELECT ID FROM information_schema.COLLATIONS"
                        + " WHERE CHARACTER_SET_NAME = @@character_set_client AND IS_DEFAULT = 'Yes'");
                connectionCollation = (int) queryLong(writer,
                        "SELECT ID FROM information_schema.COLLATIONS WHERE COLLATION_NAME = @@collation_connection");
                serverCollation = (int) queryLong(writer,
                        "SELECT ID FROM information_schema.COLLATIONS WHERE COLLATION_NAME = @@collation_server");
            }
            // A client that really sends latin1: the JDBC driver always sends UTF-8.
            byte[] latin1Statement = concat("INSERT INTO t (v) VALUES ('caf".getBytes(StandardCharsets.US_ASCII),
                    new byte[] {(byte) 0xE9, ' ', (byte) 0xFF, ' ', (byte) 0x80}, "')".getBytes(StandardCharsets.US_ASCII));
            runLatin1Client(server, concat(latin1Statement, ";\n".getBytes(StandardCharsets.US_ASCII)));
            server.execute("CREATE DATABASE qdb2", "DROP DATABASE qdb2");

            List<LoggedEvent> events = BinlogFiles.read(server.dataDirectory());
            List<Decoded> queries = decodeQueries(events);

            Decoded createDatabase = only(queries, "CREATE DATABASE qdb CHARACTER SET utf8mb4");
            assertThat(createDatabase.query().context().defaultDatabase()).isEqualTo("qdb");
            assertThat(createDatabase.query().context().suppressUse()).isTrue();
            Decoded createTable = queries.stream().filter(q -> q.query().sql().startsWith("CREATE TABLE qdb.t"))
                    .findFirst().orElseThrow();
            assertThat(createTable.query().context().suppressUse()).isFalse();
            assertThat(createTable.query().context().defaultDatabase()).isNull();
            long defaultFlags2 = only(queries, "INSERT INTO t (v) VALUES ('before')").query().context().flags2();
            assertThat(defaultFlags2 & OPTION_NO_FOREIGN_KEY_CHECKS).isZero();

            Decoded now = only(queries, insertNow);
            StatementContext context = now.query().context();
            assertThat(context.defaultDatabase()).isEqualTo("qdb");
            assertThat(context.suppressUse()).isFalse();
            assertThat(context.threadId()).isEqualTo(connectionId);
            assertThat(context.errorCode()).isZero();
            assertThat(context.flags2()).isEqualTo(defaultFlags2 | OPTION_NO_FOREIGN_KEY_CHECKS);
            assertThat(modeNamesOf(server, context.sqlMode())).isEqualTo(sqlMode);
            assertThat(context.charsetClient()).isEqualTo(clientCollation);
            assertThat(context.collationConnection()).isEqualTo(connectionCollation);
            assertThat(context.collationServer()).isEqualTo(serverCollation);
            assertThat(context.collationDatabase()).isNull();
            assertThat(context.timeZone()).isEqualTo("+05:30");
            assertThat(context.lcTimeNames()).isEqualTo(LOCALE_DE_DE);
            assertThat(context.autoIncrementIncrement()).isEqualTo(5);
            assertThat(context.autoIncrementOffset()).isEqualTo(3);
            assertThat(context.insertId()).isNull();
            assertThat(context.lastInsertId()).isNull();
            assertThat(context.randSeed1()).isNull();
            assertThat(context.randSeed2()).isNull();
            assertThat(context.userVariables()).isEmpty();
            // SET TIMESTAMP=<seconds>.<fraction> with the decoded zone gives back the stored NOW(6).
            String replayedNow = LocalDateTime.ofEpochSecond(context.timestampSeconds(), context.microseconds() * 1000,
                    ZoneOffset.ofHoursMinutes(5, 30)).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS"));
            assertThat(server.queryString("SELECT CAST(at AS CHAR) FROM qdb.t WHERE v = 'M\u00e4rz'"))
                    .isEqualTo(replayedNow);
            IntVarEventData insertId = (IntVarEventData) single(now.preceding(), EventType.INTVAR).data();
            assertThat(insertId.getType()).isEqualTo(2); // INSERT_ID
            assertThat(insertId.getValue()).isEqualTo(server.queryLong("SELECT id FROM qdb.t WHERE v = 'M\u00e4rz'"));

            Decoded rand = only(queries, insertRand);
            long[] seeds = SessionEventDecoder.decodeRand(single(rand.preceding(), EventType.RAND).body());
            assertThat(seeds).containsExactly(12345L, 67890L);
            assertThat(replayRand(server, seeds)).isEqualTo(storedDouble(server, "SELECT r FROM qdb.t WHERE r IS NOT NULL"
                    + " AND u IS NULL"));

            Decoded variables = only(queries, insertVariables);
            List<UserVariable> userVariables = variables.preceding().stream()
                    .filter(e -> e.type() == EventType.USER_VAR)
                    .map(e -> SessionEventDecoder.decodeUserVar(e.body()))
                    .toList();
            assertThat(userVariables).extracting(UserVariable::name).containsExactly("v", "i", "d", "nothing");
            assertThat((byte[]) userVariables.get(0).value()).isEqualTo("x\u00e9".getBytes(StandardCharsets.UTF_8));
            assertThat(userVariables.get(0).collation()).isEqualTo(connectionCollation);
            assertThat(userVariables.get(1).value()).isEqualTo(-7L);
            assertThat(userVariables.get(2).value()).isEqualTo(new BigDecimal("1.25"));
            assertThat(userVariables.get(3).value()).isNull();

            Decoded latin1 = queries.stream().filter(q -> q.query().context().charsetClient() == LATIN1_SWEDISH_CI)
                    .filter(q -> q.query().sql().startsWith("INSERT")).findFirst().orElseThrow();
            assertThat(latin1.query().sql()).isEqualTo("INSERT INTO t (v) VALUES ('caf\u00e9 \u00ff \u20ac')");
            assertThat(latin1.query().context().defaultDatabase()).isEqualTo("qdb");
            assertThat(server.queryString("SELECT HEX(v) FROM qdb.t WHERE v LIKE 'caf%'")).isEqualTo("636166E920FF2080");

            for (String sql : List.of("CREATE DATABASE qdb2", "DROP DATABASE qdb2")) {
                assertThat(only(queries, sql).query().context().suppressUse()).as(sql).isTrue();
                assertThat(only(queries, sql).query().context().defaultDatabase()).as(sql).isEqualTo("qdb2");
            }

            checkGtids(server, events);
        }
    }

    /** A decoded QUERY and the events between the group's GTID and it (INTVAR, RAND, USER_VAR). */
    record Decoded(DecodedQuery query, List<LoggedEvent> preceding) {}

    private static List<Decoded> decodeQueries(List<LoggedEvent> events) {
        List<Decoded> queries = new ArrayList<>();
        List<LoggedEvent> preceding = new ArrayList<>();
        for (LoggedEvent event : events) {
            switch (event.type()) {
                case MARIADB_GTID -> preceding.clear();
                case QUERY -> {
                    queries.add(new Decoded(QueryEventDecoder.decode(event.body(), event.header().getFlags(),
                            event.header().getTimestamp() / 1000), List.copyOf(preceding)));
                    preceding.clear();
                }
                default -> preceding.add(event);
            }
        }
        return queries;
    }

    /** Every MARIADB_GTID decodes to domain 1 with consecutive sequence numbers ending at @@gtid_binlog_pos. */
    private static void checkGtids(MariaDbServer server, List<LoggedEvent> events) {
        List<MariadbGtid> gtids = events.stream().filter(e -> e.type() == EventType.MARIADB_GTID)
                .map(e -> SessionEventDecoder.decodeMariadbGtid(e.body())).toList();
        assertThat(gtids).isNotEmpty();
        for (int i = 0; i < gtids.size(); i++) {
            assertThat(gtids.get(i).domainId()).isEqualTo(1);
            assertThat(gtids.get(i).sequence()).isEqualTo(i + 1);
        }
        assertThat(server.queryString("SELECT @@gtid_binlog_pos")).isEqualTo("1-1-" + gtids.size());
        assertThat(gtids.getFirst().flags() & (MariadbGtid.FL_STANDALONE | MariadbGtid.FL_DDL))
                .as("CREATE DATABASE is standalone DDL").isEqualTo(MariadbGtid.FL_STANDALONE | MariadbGtid.FL_DDL);
        assertThat(gtids.stream().filter(g -> g.hasFlag(MariadbGtid.FL_TRANSACTIONAL))).as("InnoDB inserts").isNotEmpty();
    }

    private static Decoded only(List<Decoded> queries, String sql) {
        List<Decoded> matching = queries.stream().filter(q -> q.query().sql().equals(sql)).toList();
        assertThat(matching).as("QUERY events with text %s", sql).hasSize(1);
        return matching.getFirst();
    }

    private static LoggedEvent single(List<LoggedEvent> events, EventType type) {
        List<LoggedEvent> matching = events.stream().filter(e -> e.type() == type).toList();
        assertThat(matching).as("%s events", type).hasSize(1);
        return matching.getFirst();
    }

    /** The names a fresh session shows after {@code SET sql_mode = <number>}: what the applier will do. */
    private static String modeNamesOf(MariaDbServer server, long sqlMode) throws SQLException {
        try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
            statement.execute("SET sql_mode = " + sqlMode);
            return queryString(connection, "SELECT @@sql_mode");
        }
    }

    private static double replayRand(MariaDbServer server, long[] seeds) throws SQLException {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl() + "?useServerPrepStmts=true", "root",
                "");
                Statement statement = connection.createStatement()) {
            statement.execute("SET @@rand_seed1 = " + seeds[0] + ", @@rand_seed2 = " + seeds[1]);
            try (PreparedStatement query = connection.prepareStatement("SELECT RAND()");
                    ResultSet result = query.executeQuery()) {
                result.next();
                return result.getDouble(1);
            }
        }
    }

    private static double storedDouble(MariaDbServer server, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl() + "?useServerPrepStmts=true", "root",
                "");
                PreparedStatement query = connection.prepareStatement(sql);
                ResultSet result = query.executeQuery()) {
            assertThat(result.next()).isTrue();
            return result.getDouble(1);
        }
    }

    private static void runLatin1Client(MariaDbServer server, byte[] input) throws IOException, InterruptedException {
        Process client = new ProcessBuilder("mariadb", "--no-defaults", "-h", server.host(), "-P",
                Integer.toString(server.port()), "-uroot", "--default-character-set=latin1", "qdb")
                .redirectErrorStream(true).start();
        try (OutputStream stdin = client.getOutputStream()) {
            stdin.write(input);
        }
        byte[] output = client.getInputStream().readAllBytes();
        assertThat(client.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(client.exitValue()).as(new String(output, StandardCharsets.UTF_8)).isZero();
    }

    private static long queryLong(Connection connection, String sql) throws SQLException {
        return Long.parseLong(queryString(connection, sql));
    }

    private static String queryString(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            assertThat(result.next()).as(sql).isTrue();
            return result.getString(1);
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            bytes.writeBytes(part);
        }
        return bytes.toByteArray();
    }
}
