package io.tandem.replicator.apply;

/**
 * How an applied transaction is marked with its origin, so that the reverse channel does not send it
 * back (binlog notes 4).
 */
public enum OriginTagging {
    /**
     * MariaDB: apply under the origin's session {@code server_id}, {@code gtid_domain_id} and
     * {@code gtid_seq_no} (needs BINLOG REPLAY). The target logs the transaction as the origin's, with
     * the same GTID, and a reverse channel skips it by server id, like replicate_same_server_id=0.
     */
    SERVER_ID,
    /**
     * Anywhere (MySQL 8 has no session server_id): write the channel's checkpoint row first in each applied
     * transaction, with the origin's server id in it; a reverse channel that sees that row first in a
     * transaction reads the origin from it and skips the transaction when the origin is its own target.
     */
    MARKER
}
