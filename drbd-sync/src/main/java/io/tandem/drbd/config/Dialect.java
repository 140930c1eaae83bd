package io.tandem.drbd.config;

/**
 * The DRBD generation a node runs: it decides both the configuration language and how drbdadm spells a command.
 * drbdadm 9.22 picks its parser and its personality from the loaded kernel module's version, and no file is
 * accepted by all three parsers, so tandem always works in one explicit dialect.
 */
public enum Dialect {
    /**
     * drbd 8.3: {@code protocol} at resource level, {@code syncer { rate }}, bare boolean flags; command options
     * after {@code --} ({@code drbdadm -- --overwrite-data-of-peer primary r}).
     */
    V83("8.3", "8.3.16"),
    /**
     * drbd 8.4: {@code net { protocol }}, {@code disk { resync-rate }}, {@code yes|no} booleans; command options
     * after the subcommand ({@code drbdadm primary --force r}).
     */
    V84("8.4", "8.4.11"),
    /**
     * drbd 9: node ids, volumes, connections, {@code fencing} in {@code net}, {@code options { auto-promote }};
     * commands spelled as 8.4, connections per peer node.
     */
    V9("9", "9.2.0");

    private final String version;
    private final String moduleVersion;

    Dialect(String version, String moduleVersion) {
        this.version = version;
        this.moduleVersion = moduleVersion;
    }

    /** The DRBD version as people write it: {@code 8.3}, {@code 8.4}, {@code 9}. */
    public String version() {
        return version;
    }

    /** A kernel module version for {@code DRBD_DRIVER_VERSION_OVERRIDE} that makes drbdadm use this dialect. */
    public String moduleVersion() {
        return moduleVersion;
    }
}
