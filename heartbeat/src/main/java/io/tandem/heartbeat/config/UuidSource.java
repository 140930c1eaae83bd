package io.tandem.heartbeat.config;

/** ha.cf's {@code uuidfrom}: where a node's UUID comes from. */
public enum UuidSource {
    /** Generated once and kept on disk (heartbeat's {@code hb_uuid}); the default. */
    FILE,
    /** Derived from the node name, for nodes without persistent storage. */
    NODENAME
}
