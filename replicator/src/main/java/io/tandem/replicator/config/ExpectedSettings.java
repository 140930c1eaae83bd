package io.tandem.replicator.config;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The server settings a {@code [server NAME]} section says the live server should have, under their
 * my.cnf names. tandem does not change them (they live in the server's own my.cnf); the startup
 * checks compare them with the running server and report each difference. An empty value means "not
 * stated, not checked".
 *
 * @param serverId {@code server-id}
 * @param autoIncrementIncrement {@code auto_increment_increment}
 * @param autoIncrementOffset {@code auto_increment_offset}
 * @param logBin {@code log-bin}: present means the binlog must be on; a non-empty value is the base name
 *     ({@code mysql-bin}) the server must use
 * @param logSlaveUpdates {@code log-slave-updates}
 * @param syncBinlog {@code sync_binlog}
 * @param binlogDoDb {@code binlog-do-db} entries the server must have, one database each
 * @param binlogIgnoreDb {@code binlog-ignore-db} entries
 * @param binlogFormat {@code binlog_format}: ROW, MIXED or STATEMENT
 */
public record ExpectedSettings(
        OptionalLong serverId,
        OptionalLong autoIncrementIncrement,
        OptionalLong autoIncrementOffset,
        Optional<String> logBin,
        Optional<Boolean> logSlaveUpdates,
        OptionalLong syncBinlog,
        List<String> binlogDoDb,
        List<String> binlogIgnoreDb,
        Optional<String> binlogFormat) {

    public static final ExpectedSettings NONE = new ExpectedSettings(OptionalLong.empty(), OptionalLong.empty(),
            OptionalLong.empty(), Optional.empty(), Optional.empty(), OptionalLong.empty(), List.of(), List.of(),
            Optional.empty());

    public ExpectedSettings {
        binlogDoDb = List.copyOf(binlogDoDb);
        binlogIgnoreDb = List.copyOf(binlogIgnoreDb);
    }
}
