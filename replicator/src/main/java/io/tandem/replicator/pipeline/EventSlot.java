package io.tandem.replicator.pipeline;

import io.tandem.replicator.checkpoint.AnnouncedStatements;
import io.tandem.replicator.event.ChangeEvent;
import io.tandem.replicator.event.RowImages;

/**
 * One slot of the ring. The publisher writes {@code epoch} and {@code event} (or {@code endOfSession});
 * the filter stage writes {@code skipReason}; the decode stage writes {@code rows}. No stage writes a
 * field another stage owns, and nothing flows back.
 */
final class EventSlot {

    /** Which source session published the event; events of a finished session are discarded. */
    int epoch;
    /** The event, or null for an end-of-session marker. */
    ChangeEvent event;
    /** True for the marker that closes {@code epoch}: everything of that session has passed. */
    boolean endOfSession;
    /** Set by the filter stage: why the event is not applied, or null to apply it. */
    String skipReason;
    /** Set by the filter stage on a group's first event: the whole group is skipped (loop prevention). */
    boolean groupSkipped;
    /** Set by the filter stage when the channel must stop here (a filter cannot decide). */
    String stopReason;
    /** Set by the filter stage under marker tagging: the origin a marker row names, or 0. */
    long markerOriginServerId;
    /** Set by the filter stage on a group's commit or rollback: the announced statements after the group. */
    AnnouncedStatements announced = AnnouncedStatements.NONE;
    /** Set by the decode stage for row events it could decode ahead of the applier. */
    RowImages rows;

    /** A copy that outlives the slot (the ring reuses slots once the consumer moves past them). */
    EventSlot detachedCopy() {
        EventSlot copy = new EventSlot();
        copy.epoch = epoch;
        copy.event = event;
        copy.endOfSession = endOfSession;
        copy.skipReason = skipReason;
        copy.groupSkipped = groupSkipped;
        copy.stopReason = stopReason;
        copy.markerOriginServerId = markerOriginServerId;
        copy.announced = announced;
        copy.rows = rows;
        return copy;
    }

    void clear() {
        epoch = 0;
        event = null;
        endOfSession = false;
        skipReason = null;
        groupSkipped = false;
        stopReason = null;
        markerOriginServerId = 0;
        announced = AnnouncedStatements.NONE;
        rows = null;
    }
}
