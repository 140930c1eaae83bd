package io.tandem.drbd.status;

/** The replication state of one volume towards one peer (DRBD 9's per peer-device state). */
public enum ReplicationState {
    /** Not connected: nothing is replicated. */
    OFF("Off"),
    ESTABLISHED("Established"),
    STARTING_SYNC_S("StartingSyncS"),
    STARTING_SYNC_T("StartingSyncT"),
    WF_BITMAP_S("WFBitMapS"),
    WF_BITMAP_T("WFBitMapT"),
    WF_SYNC_UUID("WFSyncUUID"),
    SYNC_SOURCE("SyncSource"),
    SYNC_TARGET("SyncTarget"),
    PAUSED_SYNC_S("PausedSyncS"),
    PAUSED_SYNC_T("PausedSyncT"),
    VERIFY_S("VerifyS"),
    VERIFY_T("VerifyT"),
    AHEAD("Ahead"),
    BEHIND("Behind"),
    /** A word this code does not know; the {@link Reported#word()} keeps it. */
    UNRECOGNIZED("");

    private final String drbdWord;

    ReplicationState(String drbdWord) {
        this.drbdWord = drbdWord;
    }

    public static Reported<ReplicationState> fromWord(String word) {
        for (ReplicationState state : values()) {
            if (state != UNRECOGNIZED && state.drbdWord.equals(word)) {
                return new Reported<>(state, word);
            }
        }
        return new Reported<>(UNRECOGNIZED, word);
    }

    /** True while blocks are being copied or compared: the data on a target is not yet usable. */
    public boolean isResyncing() {
        return switch (this) {
            case SYNC_SOURCE, SYNC_TARGET, PAUSED_SYNC_S, PAUSED_SYNC_T, STARTING_SYNC_S, STARTING_SYNC_T, WF_BITMAP_S,
                    WF_BITMAP_T, WF_SYNC_UUID -> true;
            case OFF, ESTABLISHED, VERIFY_S, VERIFY_T, AHEAD, BEHIND, UNRECOGNIZED -> false;
        };
    }
}
