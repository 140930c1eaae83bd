package io.tandem.replicator.config;

/**
 * How the reverse channel recognises tandem's own writes so they do not bounce back (binlog notes
 * section 4).
 */
public enum LoopPrevention {
    /**
     * Apply each transaction under the origin's {@code server_id}, {@code gtid_domain_id} and
     * {@code gtid_seq_no} (MariaDB; needs BINLOG REPLAY or SUPER); the reverse reader drops groups whose
     * server id is its target's. Each transaction keeps its origin's GTID on every server. The default.
     */
    SERVER_ID("server-id"),
    /** Write a marker row in the metadata schema first in every applied transaction; works on MySQL too. */
    MARKER("marker");

    private final String setting;

    LoopPrevention(String setting) {
        this.setting = setting;
    }

    /** The value as written in the configuration. */
    public String setting() {
        return setting;
    }

    @Override
    public String toString() {
        return setting;
    }
}
