package io.tandem.drbd.status;

/**
 * The state of the network connection to one peer, in DRBD 9's vocabulary. DRBD 8.x folds replication into its
 * {@code cs:} word; {@link Drbd8ConnectionWord} splits that into this and a {@link ReplicationState}.
 */
public enum ConnectionState {
    STANDALONE("StandAlone"),
    DISCONNECTING("Disconnecting"),
    UNCONNECTED("Unconnected"),
    TIMEOUT("Timeout"),
    BROKEN_PIPE("BrokenPipe"),
    NETWORK_FAILURE("NetworkFailure"),
    PROTOCOL_ERROR("ProtocolError"),
    TEAR_DOWN("TearDown"),
    /** DRBD 9's {@code Connecting}; 8.x {@code WFConnection} and {@code WFReportParams} map here too. */
    CONNECTING("Connecting"),
    CONNECTED("Connected"),
    /** A word this code does not know; the {@link Reported#word()} keeps it. */
    UNRECOGNIZED("");

    private final String drbdWord;

    ConnectionState(String drbdWord) {
        this.drbdWord = drbdWord;
    }

    /** Maps a DRBD 9 {@code connection:} word. For an 8.x {@code cs:} word use {@link Drbd8ConnectionWord}. */
    public static Reported<ConnectionState> fromWord(String word) {
        for (ConnectionState state : values()) {
            if (state != UNRECOGNIZED && state.drbdWord.equals(word)) {
                return new Reported<>(state, word);
            }
        }
        return new Reported<>(UNRECOGNIZED, word);
    }
}
