package io.tandem.drbd.flow;

import java.util.HexFormat;

/**
 * The generation identifiers (GI tuple) DRBD keeps in each disk's metadata, as {@code drbdadm get-gi} shows them. The
 * connect handshake compares the two nodes' tuples to decide the sync direction (DRBD notes, section 6.2).
 *
 * @param current the data generation this disk holds; {@link #JUST_CREATED} after {@code create-md}
 * @param bitmap the generation the change bitmap is relative to; 0 while nothing is being tracked
 * @param history1 the newest earlier generation
 * @param history2 the one before it
 */
public record GenerationIds(long current, long bitmap, long history1, long history2) {

    /** DRBD's {@code UUID_JUST_CREATED}: fresh metadata, no data generation yet. */
    public static final long JUST_CREATED = 4;

    /** The tuple {@code create-md} writes. */
    public static GenerationIds justCreated() {
        return new GenerationIds(JUST_CREATED, 0, 0, 0);
    }

    public boolean isJustCreated() {
        return current == JUST_CREATED;
    }

    /** Whether {@code uuid} is one of the two history generations. */
    public boolean hasInHistory(long uuid) {
        return uuid != 0 && (history1 == uuid || history2 == uuid);
    }

    /** A new data generation: the old current becomes the bitmap UUID unless a bitmap generation is already open. */
    GenerationIds withNewCurrent(long uuid) {
        if (bitmap != 0) {
            return new GenerationIds(uuid, bitmap, history1, history2);
        }
        return new GenerationIds(uuid, current, history1, history2);
    }

    /** After a finished resync: the bitmap generation, if any, moves into history. */
    GenerationIds withBitmapRetired() {
        if (bitmap == 0) {
            return this;
        }
        return new GenerationIds(current, 0, bitmap, history1);
    }

    /** The form of {@code drbdadm get-gi}: {@code CURRENT:BITMAP:HISTORY1:HISTORY2}, 16 hex digits each. */
    @Override
    public String toString() {
        HexFormat hex = HexFormat.of().withUpperCase();
        return hex.toHexDigits(current) + ":" + hex.toHexDigits(bitmap) + ":" + hex.toHexDigits(history1) + ":"
                + hex.toHexDigits(history2);
    }
}
