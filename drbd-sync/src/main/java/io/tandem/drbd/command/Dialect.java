package io.tandem.drbd.command;

/**
 * The DRBD generation a node runs, which decides how drbdadm spells a command. drbd-utils 9.x picks its personality
 * from the loaded module's version, so the dialect follows the kernel module, not the installed userland.
 *
 * <p>Defined here until the {@code config} package owns the dialect model; the constants are meant to stay.
 */
public enum Dialect {
    /** DRBD 8.3: options after {@code --} ({@code drbdadm -- --overwrite-data-of-peer primary r}). */
    V83("8.3"),
    /** DRBD 8.4: options after the subcommand ({@code drbdadm primary --force r}). */
    V84("8.4"),
    /** DRBD 9: spelled as 8.4 for everything tandem drives; connections are per peer node. */
    V9("9");

    private final String version;

    Dialect(String version) {
        this.version = version;
    }

    /** The DRBD version as people write it: {@code 8.3}, {@code 8.4}, {@code 9}. */
    public String version() {
        return version;
    }
}
