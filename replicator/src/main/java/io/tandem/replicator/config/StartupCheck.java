package io.tandem.replicator.config;

import java.util.Optional;

/**
 * The startup checks by the names a configuration uses to override them ({@code allow = NAME}). A few
 * cannot be overridden, because tandem would then lose or corrupt data without noticing; the reason is
 * what a user who tries gets told.
 */
public enum StartupCheck {
    SERVER_REACHABLE("server-reachable", null),
    SERVER_ID("server-id", "tandem's loop prevention and the binlog dump identify servers by server_id;"
            + " a zero or shared server_id drops or loops changes without an error"),
    READER_SERVER_ID("reader-server-id", "a replica id that equals a server's server_id makes the source treat"
            + " tandem as that server; set reader-server-id to a free id instead"),
    EXPECTED_SETTINGS("expected-settings", null),
    LOG_BIN("log-bin", "without a binary log there is nothing to replicate from the server"),
    BINLOG_FORMAT("binlog-format", null),
    BINLOG_ROW_IMAGE("binlog-row-image", null),
    LOG_BIN_COMPRESS("log-bin-compress", "the binlog library silently drops compressed events, so whole"
            + " transactions would vanish without an error"),
    LOG_SLAVE_UPDATES("log-slave-updates", null),
    NATIVE_REPLICATION("native-replication", null),
    AUTO_INCREMENT("auto-increment", null),
    GTID_STRICT_MODE("gtid-strict-mode", null),
    GTID_DOMAIN_ID("gtid-domain-id", null),
    SOURCE_PRIVILEGES("source-privileges", null),
    TARGET_PRIVILEGES("target-privileges", null),
    LOOP_PREVENTION("loop-prevention", "MySQL has no session server_id, so loop-prevention = server-id cannot"
            + " work there; use loop-prevention = marker");

    private final String id;
    private final String whyNotOverridable;

    StartupCheck(String id, String whyNotOverridable) {
        this.id = id;
        this.whyNotOverridable = whyNotOverridable;
    }

    /** The name used in {@code allow = ...} and printed with each problem. */
    public String id() {
        return id;
    }

    public boolean isOverridable() {
        return whyNotOverridable == null;
    }

    /** Why {@code allow} cannot switch this check off, when it cannot. */
    public Optional<String> whyNotOverridable() {
        return Optional.ofNullable(whyNotOverridable);
    }

    public static Optional<StartupCheck> byId(String id) {
        for (StartupCheck check : values()) {
            if (check.id.equals(id)) {
                return Optional.of(check);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return id;
    }
}
