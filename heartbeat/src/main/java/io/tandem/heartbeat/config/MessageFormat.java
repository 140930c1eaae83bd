package io.tandem.heartbeat.config;

/**
 * ha.cf's {@code msgfmt}. With cluster-glue 1.0.10 and later every authenticated message travels as netstring
 * either way; {@code classic} (the default) only adds the redundant inner {@code auth} field.
 */
public enum MessageFormat {
    CLASSIC,
    NETSTRING
}
