package io.tandem.drbd.config;

/**
 * The configuration language of one drbdadm personality. drbdadm 9.22 picks its parser from the loaded kernel
 * module's version, and no file is accepted by all three parsers, so tandem always writes for one explicit dialect.
 */
public enum Dialect {
    /** drbd 8.3: {@code protocol} at resource level, {@code syncer { rate }}, bare boolean flags. */
    V83("8.3.16"),
    /** drbd 8.4: {@code net { protocol }}, {@code disk { resync-rate }}, {@code yes|no} booleans. */
    V84("8.4.11"),
    /** drbd 9: node ids, volumes, connections, {@code fencing} in {@code net}, {@code options { auto-promote }}. */
    V9("9.2.0");

    private final String moduleVersion;

    Dialect(String moduleVersion) {
        this.moduleVersion = moduleVersion;
    }

    /** A kernel module version for {@code DRBD_DRIVER_VERSION_OVERRIDE} that makes drbdadm use this dialect. */
    public String moduleVersion() {
        return moduleVersion;
    }
}
