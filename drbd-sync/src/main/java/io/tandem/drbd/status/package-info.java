/**
 * Reads DRBD's state from each of its formats (/proc/drbd of 8.3 and 8.4, {@code drbdadm status},
 * {@code drbdsetup status --json} and the {@code events2} stream) into one immutable model, {@link
 * io.tandem.drbd.status.ResourceStatus}, and says when that state suggests a split brain. Every parser returns a
 * {@link io.tandem.drbd.status.ParseOutcome}: the status, or the line where the input stopped being the format; none
 * throws on input, and a state word this code does not know is kept as {@code UNRECOGNIZED} with its text. {@link
 * io.tandem.drbd.status.Events2Monitor} follows a live {@code drbdsetup events2} and reports changes and split brain.
 */
package io.tandem.drbd.status;
