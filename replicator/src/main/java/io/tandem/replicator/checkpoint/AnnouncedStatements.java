package io.tandem.replicator.checkpoint;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Standalone statements (DDL) that tandem appliers on the source have announced and not yet run, as
 * a reader under marker loop prevention has seen them in the source's binlog.
 *
 * <p>Why: DDL commits on its own, so no marker row can share its transaction, and the server rewrites
 * the text of some DDL when it logs it (DROP TABLE, CREATE VIEW), so a comment in the text does not
 * survive either. What does survive is the thread id in every QUERY event. An applier therefore
 * commits an announcement (its checkpoint row with its connection id and the statement's origin)
 * right before the statement; the reader remembers it and recognises the statement by that thread id.
 * It keeps one announcement per channel: any later marker of the same channel replaces or clears it.
 *
 * <p>This state is part of the reader's position: a reader resuming between an announcement and its
 * statement must still know it, so it is stored with the reading channel's checkpoint.
 *
 * <p>Immutable.
 */
public final class AnnouncedStatements {

    public static final AnnouncedStatements NONE = new AnnouncedStatements(Map.of());

    /** One announcement: the applier connection that will run the statement, and its origin server. */
    private record Announcement(long threadId, long originServerId) {}

    private final Map<String, Announcement> byChannel;

    private AnnouncedStatements(Map<String, Announcement> byChannel) {
        this.byChannel = Map.copyOf(byChannel);
    }

    /** Records what a marker of {@code channel} says: an announcement when {@code threadId} is not 0, else none. */
    public AnnouncedStatements afterMarker(String channel, long threadId, long originServerId) {
        if (threadId == 0 && !byChannel.containsKey(channel)) {
            return this;
        }
        Map<String, Announcement> next = new LinkedHashMap<>(byChannel);
        if (threadId == 0) {
            next.remove(channel);
        } else {
            next.put(channel, new Announcement(threadId, originServerId));
        }
        return new AnnouncedStatements(next);
    }

    /** The origin announced for a statement run by {@code threadId}, if any. */
    public OptionalLong originOf(long threadId) {
        for (Announcement announcement : byChannel.values()) {
            if (announcement.threadId() == threadId) {
                return OptionalLong.of(announcement.originServerId());
            }
        }
        return OptionalLong.empty();
    }

    /** Without the announcement of {@code threadId}: its statement has been seen. */
    public AnnouncedStatements without(long threadId) {
        Map<String, Announcement> next = new LinkedHashMap<>(byChannel);
        next.values().removeIf(announcement -> announcement.threadId() == threadId);
        return next.size() == byChannel.size() ? this : new AnnouncedStatements(next);
    }

    public boolean isEmpty() {
        return byChannel.isEmpty();
    }

    /** One line per announcement, {@code threadId originServerId channel}; null when empty (the column's value). */
    public String encode() {
        if (byChannel.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        byChannel.forEach((channel, announcement) -> text.append(text.isEmpty() ? "" : "\n")
                .append(announcement.threadId()).append(' ').append(announcement.originServerId()).append(' ')
                .append(channel));
        return text.toString();
    }

    /** The inverse of {@link #encode()}. */
    public static AnnouncedStatements parse(String encoded) {
        if (encoded == null || encoded.isBlank()) {
            return NONE;
        }
        Map<String, Announcement> byChannel = new LinkedHashMap<>();
        for (String line : encoded.split("\n")) {
            String[] parts = line.split(" ", 3);
            if (parts.length != 3) {
                throw new IllegalArgumentException("not an announced statement: '" + line + "'");
            }
            byChannel.put(parts[2], new Announcement(Long.parseLong(parts[0]), Long.parseLong(parts[1])));
        }
        return new AnnouncedStatements(byChannel);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AnnouncedStatements that && byChannel.equals(that.byChannel);
    }

    @Override
    public int hashCode() {
        return Objects.hash(byChannel);
    }

    @Override
    public String toString() {
        return byChannel.isEmpty() ? "none" : Objects.requireNonNull(encode()).replace('\n', ';');
    }
}
