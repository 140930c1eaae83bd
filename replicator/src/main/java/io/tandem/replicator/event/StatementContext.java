package io.tandem.replicator.event;

import java.util.List;

/**
 * The session state a QUERY event carries (its status variables, section 6 of the binlog notes) plus
 * the INTVAR, RAND and USER_VAR events that precede it. Boxed fields are null when the event did not
 * carry them; the applier then leaves the session value as the previous statement set it, as a native
 * replica does.
 *
 * @param defaultDatabase the master session's default database, or null
 * @param suppressUse header flag LOG_EVENT_SUPPRESS_USE_F: do not {@code USE} the default database (CREATE/DROP DATABASE)
 * @param timestampSeconds header timestamp: {@code SET TIMESTAMP} so NOW() gives the master's time
 * @param microseconds MariaDB Q_HRNOW fraction of that timestamp, or null
 * @param flags2 Q_FLAGS2 raw bits (auto_is_null 0x4000, not autocommit 0x80000, no FK checks 0x4000000, relaxed unique 0x8000000)
 * @param sqlMode Q_SQL_MODE raw bits
 * @param charsetClient Q_CHARSET collation id of character_set_client
 * @param collationConnection Q_CHARSET collation id of collation_connection
 * @param collationServer Q_CHARSET collation id of collation_server
 * @param collationDatabase Q_CHARSET_DATABASE collation id, or null
 * @param timeZone Q_TIME_ZONE name, or null
 * @param lcTimeNames Q_LC_TIME_NAMES locale number, or null
 * @param autoIncrementIncrement Q_AUTO_INCREMENT increment, or null (1/1 is not logged)
 * @param autoIncrementOffset Q_AUTO_INCREMENT offset, or null
 * @param insertId INTVAR INSERT_ID, or null
 * @param lastInsertId INTVAR LAST_INSERT_ID, or null
 * @param randSeed1 RAND seed 1, or null
 * @param randSeed2 RAND seed 2, or null
 * @param userVariables USER_VAR events before the statement
 * @param errorCode error code the statement got on the master (0 normally)
 * @param threadId the master's thread id, for pseudo_thread_id (temporary tables)
 * @param explicitDefaultsForTimestamp the master session's explicit_defaults_for_timestamp, which decides what
 *     CREATE TABLE makes of a TIMESTAMP column (MariaDB: a Q_FLAGS2 bit; MySQL: Q_EXPLICIT_DEFAULTS_FOR_TIMESTAMP),
 *     or null when the event does not tell
 */
public record StatementContext(
        String defaultDatabase,
        boolean suppressUse,
        long timestampSeconds,
        Integer microseconds,
        Long flags2,
        Long sqlMode,
        Integer charsetClient,
        Integer collationConnection,
        Integer collationServer,
        Integer collationDatabase,
        String timeZone,
        Integer lcTimeNames,
        Integer autoIncrementIncrement,
        Integer autoIncrementOffset,
        Long insertId,
        Long lastInsertId,
        Long randSeed1,
        Long randSeed2,
        List<UserVariable> userVariables,
        int errorCode,
        long threadId,
        Boolean explicitDefaultsForTimestamp) {

    public StatementContext {
        userVariables = List.copyOf(userVariables);
    }

    /** A context that does not tell explicit_defaults_for_timestamp. */
    public StatementContext(String defaultDatabase, boolean suppressUse, long timestampSeconds, Integer microseconds,
            Long flags2, Long sqlMode, Integer charsetClient, Integer collationConnection, Integer collationServer,
            Integer collationDatabase, String timeZone, Integer lcTimeNames, Integer autoIncrementIncrement,
            Integer autoIncrementOffset, Long insertId, Long lastInsertId, Long randSeed1, Long randSeed2,
            List<UserVariable> userVariables, int errorCode, long threadId) {
        this(defaultDatabase, suppressUse, timestampSeconds, microseconds, flags2, sqlMode, charsetClient,
                collationConnection, collationServer, collationDatabase, timeZone, lcTimeNames, autoIncrementIncrement,
                autoIncrementOffset, insertId, lastInsertId, randSeed1, randSeed2, userVariables, errorCode, threadId,
                null);
    }

    /**
     * A user variable a statement reads ({@code @name}), from a USER_VAR event.
     *
     * @param name the variable name without {@code @}
     * @param value null for NULL; {@code Long} (signed), {@code java.math.BigInteger} (UNSIGNED, any size),
     *     {@code Double}, {@code java.math.BigDecimal}, or {@code byte[]} for strings
     * @param collation collation id of a string value
     */
    public record UserVariable(String name, Object value, int collation) {}
}
