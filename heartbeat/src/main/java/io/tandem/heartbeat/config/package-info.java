/**
 * Reads heartbeat 3.0.6's files from a directory such as {@code /etc/ha.d}: {@code ha.cf}, {@code authkeys},
 * {@code haresources}, and tandem's own optional {@code tandem.cf}. {@link io.tandem.heartbeat.config.HeartbeatFiles#load}
 * checks all of them at once and either returns an immutable {@link io.tandem.heartbeat.config.HeartbeatConfig} or
 * refuses with every problem found, each with its file, line and the forms that are accepted. Keys print as
 * {@code ********}.
 */
package io.tandem.heartbeat.config;
