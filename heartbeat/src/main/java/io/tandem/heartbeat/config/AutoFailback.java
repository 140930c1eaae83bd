package io.tandem.heartbeat.config;

/** ha.cf's {@code auto_failback}: which resource protocol the pair speaks (protocol notes, section 9). */
public enum AutoFailback {
    /** nice_failback mode; a returning home node takes its groups back. */
    ON,
    /** nice_failback mode; groups stay where they are until the holder fails or an operator moves them. */
    OFF,
    /** The old {@code ip-request} protocol; heartbeat's default when the directive is missing, and deprecated. */
    LEGACY
}
