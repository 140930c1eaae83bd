package io.tandem.replicator.source;

import io.tandem.replicator.event.StatementContext;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes a QUERY event body ourselves, because the library throws its status variables away and reads
 * the SQL with the JVM's charset (traps 10 and 11).
 *
 * <p>Layout (binlog notes section 6): a 13-byte post-header (thread id 4, execution time 4, database
 * name length 1, error code 2, status-variable block length 2), the status variables, the default
 * database and a NUL, then the SQL text to the end of the body.
 *
 * <p>A status variable is a code byte and a value whose length depends on the code; there is no length
 * per entry, so one unknown code leaves the rest of the block unreadable and the statement is refused.
 * Codes and lengths are those of MariaDB 10.11's {@code Query_log_event} reader and MySQL 8's
 * {@code Query_event}; 130 and 131 were seen on a real 10.11 server or exist in later MariaDB releases.
 * Order is not relied on: MariaDB 11.5 writes 131 before 4.
 */
final class QueryEventDecoder {

    /** Header flag: the default database must not be {@code USE}d (CREATE/DROP DATABASE). */
    static final int LOG_EVENT_SUPPRESS_USE_F = 0x0008;

    static final int Q_FLAGS2_CODE = 0;
    static final int Q_SQL_MODE_CODE = 1;
    static final int Q_CATALOG_CODE = 2;
    static final int Q_AUTO_INCREMENT = 3;
    static final int Q_CHARSET_CODE = 4;
    static final int Q_TIME_ZONE_CODE = 5;
    static final int Q_CATALOG_NZ_CODE = 6;
    static final int Q_LC_TIME_NAMES_CODE = 7;
    static final int Q_CHARSET_DATABASE_CODE = 8;
    static final int Q_TABLE_MAP_FOR_UPDATE_CODE = 9;
    static final int Q_MASTER_DATA_WRITTEN_CODE = 10;
    static final int Q_INVOKER = 11;
    static final int Q_UPDATED_DB_NAMES = 12;
    static final int Q_MICROSECONDS = 13;
    static final int Q_EXPLICIT_DEFAULTS_FOR_TIMESTAMP = 16;
    static final int Q_DDL_LOGGED_WITH_XID = 17;
    static final int Q_DEFAULT_COLLATION_FOR_UTF8MB4 = 18;
    static final int Q_SQL_REQUIRE_PRIMARY_KEY = 19;
    static final int Q_DEFAULT_TABLE_ENCRYPTION = 20;
    static final int Q_HRNOW = 128;
    static final int Q_XID = 129;
    static final int Q_GTID_FLAGS3 = 130;
    static final int Q_CHARACTER_SET_COLLATIONS = 131;

    // Q_GTID_FLAGS3 bits after which an 8-byte start-alter sequence number follows (binlog_alter_two_phase).
    private static final int FL_COMMIT_ALTER_E1 = 4;
    private static final int FL_ROLLBACK_ALTER_E1 = 8;
    // Q_UPDATED_DB_NAMES count meaning "too many to list"; no names follow.
    private static final int OVER_MAX_DBS_IN_EVENT_MTS = 254;
    private static final int POST_HEADER_SIZE = 13;

    /**
     * A statement and the session state it ran in on the master.
     *
     * @param sql the statement, decoded with the master session's {@code character_set_client}
     * @param context the status variables of the event; INTVAR, RAND and USER_VAR fields empty (the caller
     *     merges those in from the events before the QUERY)
     * @param clientBytes the statement's bytes when {@code sql} re-encoded as UTF-8 would not be them (see
     *     {@link io.tandem.replicator.event.StatementExecuted#clientBytes()}), else null
     */
    record DecodedQuery(String sql, StatementContext context, byte[] clientBytes) {}

    private QueryEventDecoder() {}

    /**
     * @param body the event data without the 19-byte common header and without the checksum
     * @param headerFlags the common header's flags
     * @param timestampSeconds the common header's timestamp
     * @throws UndecodableEventException if a status variable is unknown, the body is cut short, or the SQL
     *     is not valid text in the client charset
     */
    static DecodedQuery decode(byte[] body, int headerFlags, long timestampSeconds) {
        try {
            return new QueryBodyParser(body).run(headerFlags, timestampSeconds);
        } catch (IllegalArgumentException | UndecodableEventException e) {
            throw new UndecodableEventException("Cannot decode QUERY event: " + e.getMessage(), e);
        }
    }

    /** Status-variable values as they are read; fields the event does not carry stay null. */
    private static final class QueryBodyParser {
        private final byte[] body;
        private final EventBodyReader reader;
        private Integer microseconds;
        private Long flags2;
        private Long sqlMode;
        private Integer charsetClient;
        private Integer collationConnection;
        private Integer collationServer;
        private Integer collationDatabase;
        private String timeZone;
        private Integer lcTimeNames;
        private Integer autoIncrementIncrement;
        private Integer autoIncrementOffset;
        private Boolean explicitDefaultsForTimestamp;

        QueryBodyParser(byte[] body) {
            this.body = body;
            this.reader = new EventBodyReader(body);
        }

        DecodedQuery run(int headerFlags, long timestampSeconds) {
            if (body.length < POST_HEADER_SIZE) {
                throw new IllegalArgumentException("body of " + body.length + " bytes is shorter than the "
                        + POST_HEADER_SIZE + "-byte post-header");
            }
            long threadId = reader.uLE(4);
            reader.skip(4); // execution time
            int databaseLength = reader.u8();
            int errorCode = (int) reader.uLE(2);
            int statusLength = (int) reader.uLE(2);
            int statusEnd = reader.position() + statusLength;
            if (statusEnd > body.length) {
                throw new IllegalArgumentException("status variables of " + statusLength + " bytes run past the body of "
                        + body.length);
            }
            EventBodyReader status = new EventBodyReader(body, reader.position(), statusEnd);
            while (status.hasRemaining()) {
                readStatusVariable(status);
            }
            reader.skip(statusLength);
            String database = text(reader.bytes(databaseLength));
            if (reader.u8() != 0) {
                throw new IllegalArgumentException("default database name is not NUL-terminated");
            }
            if (charsetClient == null) {
                throw new IllegalArgumentException("no Q_CHARSET status variable: the statement's charset is unknown");
            }
            int sqlStart = reader.position();
            String sql = CollationCharsets.decode(body, sqlStart, body.length - sqlStart, charsetClient);
            StatementContext context = new StatementContext(
                    databaseLength == 0 ? null : database,
                    (headerFlags & LOG_EVENT_SUPPRESS_USE_F) != 0,
                    timestampSeconds,
                    microseconds,
                    flags2,
                    sqlMode,
                    charsetClient,
                    collationConnection,
                    collationServer,
                    collationDatabase,
                    timeZone,
                    lcTimeNames,
                    autoIncrementIncrement,
                    autoIncrementOffset,
                    null,
                    null,
                    null,
                    null,
                    List.of(),
                    errorCode,
                    threadId,
                    explicitDefaultsForTimestamp);
            return new DecodedQuery(sql, context, utf8Differs(body, sqlStart, charsetClient)
                    ? Arrays.copyOfRange(body, sqlStart, body.length) : null);
        }

        private void readStatusVariable(EventBodyReader status) {
            int offset = status.position();
            int code = status.u8();
            try {
                readStatusValue(code, status);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("status variable code " + code + " at offset " + offset
                        + " runs past the end of the status block (" + e.getMessage() + ")", e);
            }
        }

        private void readStatusValue(int code, EventBodyReader reader) {
            int offset = reader.position() - 1;
            switch (code) {
                case Q_FLAGS2_CODE -> flags2 = reader.uLE(4);
                case Q_SQL_MODE_CODE -> sqlMode = reader.uLE(8);
                case Q_CATALOG_CODE -> {
                    // MySQL 5.0.0-5.0.3 only: length, name, NUL.
                    reader.skip(reader.u8());
                    reader.skip(1);
                }
                case Q_AUTO_INCREMENT -> {
                    autoIncrementIncrement = (int) reader.uLE(2);
                    autoIncrementOffset = (int) reader.uLE(2);
                }
                case Q_CHARSET_CODE -> {
                    charsetClient = (int) reader.uLE(2);
                    collationConnection = (int) reader.uLE(2);
                    collationServer = (int) reader.uLE(2);
                }
                case Q_TIME_ZONE_CODE -> timeZone = text(reader.bytes(reader.u8()));
                case Q_CATALOG_NZ_CODE -> reader.skip(reader.u8());
                case Q_LC_TIME_NAMES_CODE -> lcTimeNames = (int) reader.uLE(2);
                case Q_CHARSET_DATABASE_CODE -> collationDatabase = (int) reader.uLE(2);
                case Q_TABLE_MAP_FOR_UPDATE_CODE -> reader.skip(8);
                case Q_MASTER_DATA_WRITTEN_CODE -> reader.skip(4);
                case Q_INVOKER -> {
                    // Definer for CURRENT_USER: user, then host, each with a 1-byte length. Not carried further.
                    reader.skip(reader.u8());
                    reader.skip(reader.u8());
                }
                case Q_UPDATED_DB_NAMES -> {
                    int count = reader.u8();
                    if (count != OVER_MAX_DBS_IN_EVENT_MTS) {
                        for (int i = 0; i < count; i++) {
                            while (reader.u8() != 0) {
                                // database name, NUL-terminated
                            }
                        }
                    }
                }
                case Q_MICROSECONDS, Q_HRNOW -> microseconds = (int) reader.uLE(3);
                case Q_EXPLICIT_DEFAULTS_FOR_TIMESTAMP -> explicitDefaultsForTimestamp = reader.u8() != 0;
                case Q_SQL_REQUIRE_PRIMARY_KEY, Q_DEFAULT_TABLE_ENCRYPTION -> reader.skip(1);
                case Q_DDL_LOGGED_WITH_XID, Q_XID -> reader.skip(8);
                case Q_DEFAULT_COLLATION_FOR_UTF8MB4 -> reader.skip(2);
                case Q_GTID_FLAGS3 -> {
                    int flags = reader.u8();
                    if ((flags & (FL_COMMIT_ALTER_E1 | FL_ROLLBACK_ALTER_E1)) != 0) {
                        reader.skip(8); // sequence number of the START ALTER this commits or rolls back
                    }
                }
                case Q_CHARACTER_SET_COLLATIONS -> reader.skip(4 * reader.u8()); // (charset id, collation id) pairs
                default -> throw new UndecodableEventException("status variable code " + code + " at offset " + offset
                        + " is unknown; its length is not written, so the rest of the block cannot be read");
            }
        }

        /**
         * Whether the SQL bytes differ from the UTF-8 encoding of their decoded text: never for a UTF-8 client
         * (the decoder rejects invalid UTF-8), never for pure ASCII, which every client charset shares.
         */
        private static boolean utf8Differs(byte[] body, int sqlStart, int charsetClient) {
            String charset = CollationCharsets.serverCharsetOf(charsetClient);
            if ("utf8mb4".equals(charset) || "utf8mb3".equals(charset)) {
                return false;
            }
            for (int i = sqlStart; i < body.length; i++) {
                if (body[i] < 0) {
                    return true;
                }
            }
            return false;
        }

        private static String text(byte[] bytes) {
            return CollationCharsets.identifier(bytes);
        }
    }
}
