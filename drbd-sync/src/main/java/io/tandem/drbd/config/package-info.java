/**
 * DRBD configuration: {@link io.tandem.drbd.config.DrbdConfigParser} reads {@code drbd.conf}, its includes or a
 * {@code drbdadm dump} into an immutable {@link io.tandem.drbd.config.DrbdConfig}, listing every problem with its
 * file and line; {@link io.tandem.drbd.config.DrbdConfigEmitter} writes a model in one explicit
 * {@link io.tandem.drbd.config.Dialect} (8.3, 8.4, 9), moving each option to where that dialect's drbdadm wants it.
 * No file is accepted by all three parsers, so tandem never writes a "universal" one.
 */
package io.tandem.drbd.config;
