package io.tandem.replicator.event;

/**
 * A MariaDB global transaction id, {@code domain-server-sequence}. The server id is the origin's:
 * tandem applies each transaction under it, so the same GTID names the transaction on every master.
 */
public record Gtid(long domainId, long serverId, long sequence) {

    public Gtid {
        if (domainId < 0 || domainId > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("GTID domain id out of range: " + domainId);
        }
        if (serverId < 0 || serverId > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("GTID server id out of range: " + serverId);
        }
        if (sequence < 0) {
            throw new IllegalArgumentException("GTID sequence must not be negative: " + sequence);
        }
    }

    /** Parses {@code 1-11-5531}. */
    public static Gtid parse(String text) {
        String[] parts = text.trim().split("-");
        if (parts.length != 3) {
            throw new IllegalArgumentException("expected a MariaDB GTID DOMAIN-SERVER-SEQUENCE, got '" + text + "'");
        }
        try {
            return new Gtid(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseUnsignedLong(parts[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a MariaDB GTID DOMAIN-SERVER-SEQUENCE, got '" + text + "'");
        }
    }

    @Override
    public String toString() {
        return domainId + "-" + serverId + "-" + sequence;
    }
}
