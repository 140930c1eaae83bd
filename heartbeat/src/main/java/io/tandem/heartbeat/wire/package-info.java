/**
 * The heartbeat 3.0.6 wire format: messages as ordered typed fields, the netstring codec that carries them
 * with a signature trailer, the read-only classic codec of older peers, and the crc/md5/sha1 signatures.
 * Decoding authenticates a datagram before anything reads its fields, never throws on input, and reports a
 * {@link io.tandem.heartbeat.wire.RejectReason} instead; {@link io.tandem.heartbeat.wire.RejectionCounter}
 * counts and logs those for the receive loop. Nothing here does I/O.
 */
package io.tandem.heartbeat.wire;
