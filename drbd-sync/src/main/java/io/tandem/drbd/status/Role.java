package io.tandem.drbd.status;

/** The role of a resource, locally or as seen of a peer. DRBD reports a peer it cannot reach as {@code Unknown}. */
public enum Role {
    PRIMARY("Primary"),
    SECONDARY("Secondary"),
    UNKNOWN("Unknown"),
    /** A word this code does not know; the {@link Reported#word()} keeps it. */
    UNRECOGNIZED("");

    private final String drbdWord;

    Role(String drbdWord) {
        this.drbdWord = drbdWord;
    }

    public static Reported<Role> fromWord(String word) {
        for (Role role : values()) {
            if (role != UNRECOGNIZED && role.drbdWord.equals(word)) {
                return new Reported<>(role, word);
            }
        }
        return new Reported<>(UNRECOGNIZED, word);
    }
}
