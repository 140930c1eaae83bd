package io.tandem.drbd.status;

/**
 * A backing disk's state, local or peer. The ones that drive decisions: {@code Inconsistent} is fresh or a sync target
 * mid-way; {@code Outdated} is consistent but known stale (promotion refused); {@code Consistent} is consistent with
 * the peer unknown; {@code UpToDate} is current. {@code DUnknown} is a peer disk we cannot see.
 */
public enum DiskState {
    DISKLESS("Diskless"),
    ATTACHING("Attaching"),
    /** DRBD 9 only. */
    DETACHING("Detaching"),
    FAILED("Failed"),
    NEGOTIATING("Negotiating"),
    INCONSISTENT("Inconsistent"),
    OUTDATED("Outdated"),
    DUNKNOWN("DUnknown"),
    CONSISTENT("Consistent"),
    UP_TO_DATE("UpToDate"),
    /** A word this code does not know; the {@link Reported#word()} keeps it. */
    UNRECOGNIZED("");

    private final String drbdWord;

    DiskState(String drbdWord) {
        this.drbdWord = drbdWord;
    }

    public static Reported<DiskState> fromWord(String word) {
        for (DiskState disk : values()) {
            if (disk != UNRECOGNIZED && disk.drbdWord.equals(word)) {
                return new Reported<>(disk, word);
            }
        }
        return new Reported<>(UNRECOGNIZED, word);
    }
}
