package io.tandem.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * Server options of a {@link MariaDbServer}, defaulting to one master of the seed's pair made safe:
 * binlog on in ROW format with full row metadata, GTID strict mode, sync_binlog=1.
 *
 * @param serverId server_id, distinct on every server of a replication group
 * @param gtidDomainId gtid_domain_id, distinct per master so strict mode accepts concurrent writes
 * @param autoIncrementIncrement auto_increment_increment (the seed uses 2)
 * @param autoIncrementOffset auto_increment_offset (the seed uses 1 and 2)
 * @param binlogFormat ROW, MIXED or STATEMENT; null turns the binlog off
 * @param bufferPoolSize innodb_buffer_pool_size
 * @param extraArguments further mariadbd arguments, verbatim
 */
public record MariaDbOptions(
        int serverId,
        int gtidDomainId,
        int autoIncrementIncrement,
        int autoIncrementOffset,
        String binlogFormat,
        String bufferPoolSize,
        List<String> extraArguments) {

    public MariaDbOptions {
        extraArguments = List.copyOf(extraArguments);
    }

    public static MariaDbOptions defaults() {
        return new MariaDbOptions(1, 1, 1, 1, "ROW", "128M", List.of());
    }

    /** One master of a group of {@code masters}: server id and GTID domain {@code serverId}, offsets as the seed sets them. */
    public static MariaDbOptions master(int serverId, int masters) {
        return new MariaDbOptions(serverId, serverId, masters, serverId, "ROW", "128M", List.of());
    }

    public MariaDbOptions withServerId(int id) {
        return new MariaDbOptions(id, gtidDomainId, autoIncrementIncrement, autoIncrementOffset, binlogFormat,
                bufferPoolSize, extraArguments);
    }

    public MariaDbOptions withAutoIncrement(int increment, int offset) {
        return new MariaDbOptions(serverId, gtidDomainId, increment, offset, binlogFormat, bufferPoolSize,
                extraArguments);
    }

    public MariaDbOptions withBinlogFormat(String format) {
        return new MariaDbOptions(serverId, gtidDomainId, autoIncrementIncrement, autoIncrementOffset, format,
                bufferPoolSize, extraArguments);
    }

    public MariaDbOptions withoutBinlog() {
        return withBinlogFormat(null);
    }

    public MariaDbOptions withArgument(String argument) {
        List<String> arguments = new ArrayList<>(extraArguments);
        arguments.add(argument);
        return new MariaDbOptions(serverId, gtidDomainId, autoIncrementIncrement, autoIncrementOffset, binlogFormat,
                bufferPoolSize, arguments);
    }

    List<String> serverArguments() {
        List<String> arguments = new ArrayList<>();
        arguments.add("--server-id=" + serverId);
        arguments.add("--gtid-domain-id=" + gtidDomainId);
        arguments.add("--auto-increment-increment=" + autoIncrementIncrement);
        arguments.add("--auto-increment-offset=" + autoIncrementOffset);
        // As Debian's 50-server.cnf sets them.
        arguments.add("--character-set-server=utf8mb4");
        arguments.add("--collation-server=utf8mb4_general_ci");
        // Undetectable lock cycles (row locks behind a DDL's metadata lock) end in seconds, not 50 s.
        arguments.add("--innodb-lock-wait-timeout=5");
        if (binlogFormat != null) {
            arguments.add("--log-bin=mysql-bin");
            arguments.add("--binlog-format=" + binlogFormat);
            arguments.add("--binlog-row-metadata=FULL");
            arguments.add("--gtid-strict-mode=ON");
            arguments.add("--log-slave-updates=ON");
            arguments.add("--sync-binlog=1");
        }
        arguments.addAll(extraArguments);
        return arguments;
    }
}
