/**
 * DRBD orchestration as a failover resource. {@code config} reads existing DRBD configuration and writes it in an
 * explicit dialect (8.3, 8.4, 9); {@code status} parses /proc/drbd, drbdadm status, drbdsetup status --json and
 * events2; {@code command} plans drbdadm commands for an intent.
 */
package io.tandem.drbd;
