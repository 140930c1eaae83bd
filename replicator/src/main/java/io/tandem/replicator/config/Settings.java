package io.tandem.replicator.config;

import io.tandem.common.Secret;
import io.tandem.replicator.config.Setting.Scope;
import io.tandem.replicator.event.TableId;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting of tandem's configuration file, each declared once. Names are MySQL's where MySQL has
 * the same thing, so lines pasted from the seed's my.cnf keep their meaning.
 */
final class Settings {

    private Settings() {}

    // ---- [replicator]

    static final Setting<String> NAME = Setting.of("name", Scope.INSTANCE, Parsers.name())
            .withDefault("tandem")
            .describedAs("Instance name: prefixes log lines and keys the derived reader-server-ids.");

    static final Setting<LoopPrevention> LOOP_PREVENTION =
            Setting.of("loop-prevention", Scope.INSTANCE, Parsers.loopPrevention())
                    .withDefault(LoopPrevention.SERVER_ID)
                    .describedAs("server-id: apply under the origin's server_id and GTID (MariaDB, BINLOG REPLAY);"
                            + " marker: a marker row first in each applied transaction (works on MySQL).");

    static final Setting<String> METADATA_SCHEMA = Setting.of("metadata-schema", Scope.INSTANCE, Parsers.schemaName())
            .withDefault("tandem")
            .describedAs("Schema on each target for checkpoints and the skip log; never replicated.");

    static final Setting<Optional<InetSocketAddress>> ADMIN_LISTEN =
            Setting.of("admin-listen", Scope.INSTANCE, Parsers.listenAddress())
                    .withDefault(AdminConfig.DEFAULT.listen())
                    .describedAs("HOST:PORT of the admin HTTP endpoint (status JSON, Prometheus metrics), or off."
                            + " Anything but loopback needs admin-token-file.");

    static final Setting<Secret> ADMIN_TOKEN = Setting.of("admin-token", Scope.INSTANCE, Parsers.bearerToken())
            .secret()
            .describedAs("Bearer token every admin request must carry; printed as ********. Prefer admin-token-file.");

    static final Setting<String> ADMIN_TOKEN_FILE =
            Setting.of("admin-token-file", Scope.INSTANCE, Parsers.text("a file path"))
                    .describedAs("File whose first line is the admin token; mode 600, as heartbeat's authkeys. A"
                            + " relative path is read from the configuration file's directory.");

    // ---- [server NAME]

    static final Setting<String> HOST = Setting.of("host", Scope.SERVER, Parsers.host()).required()
            .describedAs("Host name or IP address of the server.");

    static final Setting<Long> PORT = Setting.of("port", Scope.SERVER, Parsers.wholeNumber(1, 65535))
            .withDefault(3306L)
            .describedAs("TCP port of the server.");

    static final Setting<String> USER = Setting.of("user", Scope.SERVER, Parsers.text("a user name")).required()
            .describedAs("User tandem connects as: reads the binlog where the server is a source, applies where it is a target.");

    static final Setting<Secret> PASSWORD = Setting.of("password", Scope.SERVER, Parsers.secret()).secret()
            .withDefault(Secret.EMPTY)
            .describedAs("That user's password; printed as ******** everywhere.");

    static final Setting<Long> EXPECTED_SERVER_ID = Setting.of("server-id", Scope.SERVER, Parsers.serverId())
            .describedAs("Expected @@server_id of the live server (checked at startup, not set).");

    static final Setting<Long> EXPECTED_AUTO_INCREMENT_INCREMENT =
            Setting.of("auto-increment-increment", Scope.SERVER, Parsers.wholeNumber(1, 65535))
                    .describedAs("Expected @@auto_increment_increment.");

    static final Setting<Long> EXPECTED_AUTO_INCREMENT_OFFSET =
            Setting.of("auto-increment-offset", Scope.SERVER, Parsers.wholeNumber(1, 65535))
                    .describedAs("Expected @@auto_increment_offset.");

    static final Setting<String> EXPECTED_LOG_BIN = Setting.of("log-bin", Scope.SERVER, text -> text == null ? "" : text)
            .describedAs("Expected binary log: on; with a value, also that base name (mysql-bin).");

    static final Setting<Boolean> EXPECTED_LOG_SLAVE_UPDATES =
            Setting.of("log-slave-updates", Scope.SERVER, Parsers.bool())
                    .withAliases("log-replica-updates")
                    .describedAs("Expected @@log_slave_updates.");

    static final Setting<Long> EXPECTED_SYNC_BINLOG =
            Setting.of("sync-binlog", Scope.SERVER, Parsers.wholeNumber(0, 4_294_967_295L))
                    .describedAs("Expected @@sync_binlog (1 for crash safety).");

    static final Setting<List<String>> EXPECTED_BINLOG_DO_DB =
            Setting.list("binlog-do-db", Scope.SERVER, Parsers.database("binlog-do-db"))
                    .describedAs("Expected binlog-do-db entries of the server, one database per line.");

    static final Setting<List<String>> EXPECTED_BINLOG_IGNORE_DB =
            Setting.list("binlog-ignore-db", Scope.SERVER, Parsers.database("binlog-ignore-db"))
                    .describedAs("Expected binlog-ignore-db entries of the server, one database per line.");

    static final Setting<String> EXPECTED_BINLOG_FORMAT =
            Setting.of("binlog-format", Scope.SERVER, Parsers.oneOf("ROW", "MIXED", "STATEMENT"))
                    .describedAs("Expected @@binlog_format.");

    // ---- [channel NAME], and defaults for all channels in [replicator]

    static final Setting<String> SOURCE = Setting.of("source", Scope.CHANNEL, Parsers.name()).required().perChannel()
            .describedAs("The server (a [server NAME]) whose binlog this channel reads.");

    static final Setting<String> TARGET = Setting.of("target", Scope.CHANNEL, Parsers.name()).required().perChannel()
            .describedAs("The server this channel applies changes to.");

    static final Setting<StartPosition> START = Setting.of("start", Scope.CHANNEL, Parsers.startPosition())
            .withDefault(StartPosition.CURRENT)
            .describedAs("Where to begin when no checkpoint exists: current, earliest, FILE:POS or gtid:D-S-N,...");

    static final Setting<Long> READER_SERVER_ID = Setting.of("reader-server-id", Scope.CHANNEL, Parsers.serverId())
            .perChannel()
            .describedAs("Replica server id presented to the source; unique among its replicas. Default derived"
                    + " from the instance and channel names.");

    static final Duration MIN_HEARTBEAT = Duration.ofMillis(100);
    static final Duration MAX_HEARTBEAT = Duration.ofHours(1);

    static final Setting<Duration> HEARTBEAT_PERIOD =
            Setting.of("heartbeat-period", Scope.CHANNEL, Parsers.duration(MIN_HEARTBEAT, MAX_HEARTBEAT))
                    .withDefault(Duration.ofSeconds(2))
                    .describedAs("How often an idle source sends a heartbeat; silence for 3 periods reconnects.");

    static final Setting<Long> TRANSACTIONS_PER_COMMIT =
            Setting.of("transactions-per-commit", Scope.CHANNEL, Parsers.wholeNumber(1, 10_000))
                    .withDefault(1L)
                    .describedAs("During a catch-up, how many source transactions of one origin one target commit may"
                            + " carry (each still exactly once, with the last one's checkpoint); 1 commits each on its own.");

    static final Setting<Long> PARALLEL_WORKERS =
            Setting.of("parallel-workers", Scope.CHANNEL, Parsers.wholeNumber(1, 64))
                    .withDefault(4L)
                    .describedAs("How many target connections apply independent transactions at the same time (rows of"
                            + " different key values); commits stay in source order. 1 applies serially, as"
                            + " slave_parallel_threads=0 does.");

    static final Setting<List<String>> REPLICATE_DO_DB =
            Setting.list("replicate-do-db", Scope.CHANNEL, Parsers.database("replicate-do-db"))
                    .describedAs("Only these databases (rows: the table's database; statements: the default database).");

    static final Setting<List<String>> REPLICATE_IGNORE_DB =
            Setting.list("replicate-ignore-db", Scope.CHANNEL, Parsers.database("replicate-ignore-db"))
                    .describedAs("Not these databases; unused when replicate-do-db is set, as in MySQL.");

    static final Setting<List<TableId>> REPLICATE_DO_TABLE =
            Setting.list("replicate-do-table", Scope.CHANNEL, Parsers.table("replicate-do-table"))
                    .describedAs("Only these tables, db.table.");

    static final Setting<List<TableId>> REPLICATE_IGNORE_TABLE =
            Setting.list("replicate-ignore-table", Scope.CHANNEL, Parsers.table("replicate-ignore-table"))
                    .describedAs("Not these tables, db.table.");

    static final Setting<List<String>> REPLICATE_WILD_DO_TABLE =
            Setting.list("replicate-wild-do-table", Scope.CHANNEL, Parsers.wildTable("replicate-wild-do-table"))
                    .describedAs("Only tables matching db.table patterns with % and _.");

    static final Setting<List<String>> REPLICATE_WILD_IGNORE_TABLE =
            Setting.list("replicate-wild-ignore-table", Scope.CHANNEL,
                            Parsers.wildTable("replicate-wild-ignore-table"))
                    .describedAs("Not tables matching db.table patterns with % and _.");

    static final Setting<List<String>> BINLOG_DO_DB =
            Setting.list("binlog-do-db", Scope.CHANNEL, Parsers.database("binlog-do-db"))
                    .describedAs("Source-side filter applied by the reader: what the source would log with binlog-do-db.");

    static final Setting<List<String>> BINLOG_IGNORE_DB =
            Setting.list("binlog-ignore-db", Scope.CHANNEL, Parsers.database("binlog-ignore-db"))
                    .describedAs("Source-side filter applied by the reader: binlog-ignore-db.");

    static final Setting<List<Long>> IGNORE_SERVER_IDS =
            Setting.list("ignore-server-ids", Scope.CHANNEL, Parsers.serverIds())
                    .withAliases("replicate-ignore-server-ids")
                    .describedAs("Drop transactions that originate on these server ids (CHANGE MASTER IGNORE_SERVER_IDS).");

    static final Setting<Parsers.SkipErrors> SKIP_ERRORS =
            Setting.of("slave-skip-errors", Scope.CHANNEL, Parsers.skipErrors())
                    .withAliases("replica-skip-errors")
                    .describedAs("OFF, all, ddl_exist_errors, or error codes to skip; every skip is recorded.");

    static final Setting<ExecMode> EXEC_MODE = Setting.of("slave-exec-mode", Scope.CHANNEL, Parsers.execMode())
            .withAliases("replica-exec-mode")
            .withDefault(ExecMode.STRICT)
            .describedAs("STRICT stops on any error; IDEMPOTENT absorbs duplicate-key and missing-row errors of row events.");

    static final Setting<List<String>> ALLOW = Setting.list("allow", Scope.CHANNEL, Parsers.checkNames())
            .describedAs("Startup checks explicitly overridden, by name (allow = binlog-format).");

    static final List<Setting<?>> INSTANCE_SETTINGS = List.of(NAME, LOOP_PREVENTION, METADATA_SCHEMA, ADMIN_LISTEN,
            ADMIN_TOKEN, ADMIN_TOKEN_FILE);

    static final List<Setting<?>> SERVER_SETTINGS = List.of(HOST, PORT, USER, PASSWORD, EXPECTED_SERVER_ID,
            EXPECTED_AUTO_INCREMENT_INCREMENT, EXPECTED_AUTO_INCREMENT_OFFSET, EXPECTED_LOG_BIN,
            EXPECTED_LOG_SLAVE_UPDATES, EXPECTED_SYNC_BINLOG, EXPECTED_BINLOG_DO_DB, EXPECTED_BINLOG_IGNORE_DB,
            EXPECTED_BINLOG_FORMAT);

    static final List<Setting<?>> CHANNEL_SETTINGS = List.of(SOURCE, TARGET, START, READER_SERVER_ID,
            HEARTBEAT_PERIOD, TRANSACTIONS_PER_COMMIT, PARALLEL_WORKERS, REPLICATE_DO_DB, REPLICATE_IGNORE_DB, REPLICATE_DO_TABLE, REPLICATE_IGNORE_TABLE,
            REPLICATE_WILD_DO_TABLE, REPLICATE_WILD_IGNORE_TABLE, BINLOG_DO_DB, BINLOG_IGNORE_DB, IGNORE_SERVER_IDS,
            SKIP_ERRORS, EXEC_MODE, ALLOW);

    /**
     * mysqld options that are not tandem settings, with what to tell someone who pastes them. tandem
     * neither reads nor changes a server's my.cnf; the startup checks read the live values instead.
     */
    private static final Map<String, String> MYSQLD_OPTIONS = Map.ofEntries(
            Map.entry("replicate-rewrite-db", "tandem does not rewrite database names; remove it"),
            Map.entry("replicate-same-server-id", "tandem always drops a server's own changes, as with the native default 0"),
            Map.entry("master-host", "tandem connects with host, port, user and password of [server NAME]"),
            Map.entry("master-user", "tandem connects with host, port, user and password of [server NAME]"),
            Map.entry("master-password", "tandem connects with host, port, user and password of [server NAME]"),
            Map.entry("master-port", "tandem connects with host, port, user and password of [server NAME]"),
            Map.entry("master-connect-retry", "tandem reconnects on its own"),
            Map.entry("skip-slave-start", "tandem's channels replace the native replica threads"),
            Map.entry("relay-log", "tandem keeps no relay log"),
            Map.entry("relay-log-index", "tandem keeps no relay log"),
            Map.entry("slave-net-timeout", "use heartbeat-period"),
            Map.entry("gtid-domain-id", "the startup checks read the live value"),
            Map.entry("gtid-strict-mode", "the startup checks read the live value"),
            Map.entry("binlog-row-image", "the startup checks read the live value"),
            Map.entry("binlog-row-metadata", "the startup checks read the live value"),
            Map.entry("log-bin-compress", "the startup checks read the live value"),
            Map.entry("log-bin-index", "tandem does not need it"),
            Map.entry("expire-logs-days", "keep binlogs longer than the longest replicator outage"),
            Map.entry("binlog-expire-logs-seconds", "keep binlogs longer than the longest replicator outage"),
            Map.entry("innodb-flush-log-at-trx-commit", "the startup checks read the live value"),
            Map.entry("read-only", "tandem does not change it"),
            Map.entry("datadir", "tandem does not need it"),
            Map.entry("socket", "tandem connects over TCP with [server NAME] host and port"),
            Map.entry("bind-address", "the target must be reachable from tandem; check bind-address in my.cnf"));

    /** The advice for a mysqld option pasted into tandem's file, if it is one. */
    static Optional<String> mysqldOption(String normalizedKey) {
        return Optional.ofNullable(MYSQLD_OPTIONS.get(normalizedKey));
    }

    static Optional<Setting<?>> find(List<Setting<?>> settings, String normalizedKey) {
        return settings.stream().filter(setting -> setting.answersTo(normalizedKey)).findFirst();
    }
}
