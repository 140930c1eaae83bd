package io.tandem.replicator.event;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A MariaDB GTID position: the last GTID seen in each replication domain, as in
 * {@code @@gtid_slave_pos} ({@code 1-1-100,2-2-57}). Connecting with it resumes after those GTIDs.
 */
public record GtidPosition(SortedMap<Long, Gtid> lastByDomain) {

    public static final GtidPosition EMPTY = new GtidPosition(new TreeMap<>());

    public GtidPosition {
        lastByDomain = Collections.unmodifiableSortedMap(new TreeMap<>(lastByDomain));
    }

    public static GtidPosition parse(String text) {
        TreeMap<Long, Gtid> map = new TreeMap<>();
        if (text != null && !text.isBlank()) {
            for (String part : text.split(",")) {
                Gtid gtid = Gtid.parse(part);
                if (map.put(gtid.domainId(), gtid) != null) {
                    throw new IllegalArgumentException("GTID position names domain " + gtid.domainId() + " twice: '"
                            + text + "'");
                }
            }
        }
        return new GtidPosition(map);
    }

    /** This position advanced by a transaction. */
    public GtidPosition with(Gtid gtid) {
        TreeMap<Long, Gtid> map = new TreeMap<>(lastByDomain);
        map.put(gtid.domainId(), gtid);
        return new GtidPosition(map);
    }

    /** Whether the transaction {@code gtid} is at or before this position in its domain. */
    public boolean includes(Gtid gtid) {
        Gtid last = lastByDomain.get(gtid.domainId());
        return last != null && Long.compareUnsigned(gtid.sequence(), last.sequence()) <= 0;
    }

    public boolean isEmpty() {
        return lastByDomain.isEmpty();
    }

    @Override
    public String toString() {
        return lastByDomain.values().stream().map(Gtid::toString).collect(Collectors.joining(","));
    }
}
