package io.tandem.replicator.source;

/**
 * Where a channel reads from: the master's address and the replication account. {@code password} is
 * never printed; {@link #toString()} masks it.
 */
public record SourceEndpoint(String host, int port, String user, String password) {

    @Override
    public String toString() {
        return user + "@" + host + ":" + port + " (password ********)";
    }
}
