package io.tandem.replicator.event;

import java.util.Objects;

/**
 * A place in a master's binary log: file name and byte offset. Ordered by the file's numeric suffix
 * ({@code mysql-bin.000042}), then by offset, which is the order the master wrote them in.
 */
public record BinlogPosition(String file, long position) implements Comparable<BinlogPosition> {

    public BinlogPosition {
        Objects.requireNonNull(file, "file");
        if (position < 0) {
            throw new IllegalArgumentException("binlog position must not be negative: " + position);
        }
    }

    /** Parses {@code file:position}, as tandem prints positions. */
    public static BinlogPosition parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("expected FILE:POSITION, got '" + text + "'");
        }
        try {
            return new BinlogPosition(text.substring(0, colon), Long.parseLong(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected FILE:POSITION, got '" + text + "'");
        }
    }

    /** The numeric suffix of the file name, or -1 when it has none. */
    public long fileSequence() {
        int dot = file.lastIndexOf('.');
        try {
            return dot < 0 ? -1 : Long.parseLong(file.substring(dot + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public BinlogPosition withPosition(long newPosition) {
        return new BinlogPosition(file, newPosition);
    }

    @Override
    public int compareTo(BinlogPosition other) {
        int byFile = Long.compare(fileSequence(), other.fileSequence());
        if (byFile != 0) {
            return byFile;
        }
        int byName = file.compareTo(other.file);
        return byName != 0 ? byName : Long.compare(position, other.position);
    }

    @Override
    public String toString() {
        return file + ":" + position;
    }
}
