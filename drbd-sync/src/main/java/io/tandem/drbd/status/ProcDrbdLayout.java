package io.tandem.drbd.status;

/** Which kernel wrote a /proc/drbd, told apart by its {@code version:} line. */
public enum ProcDrbdLayout {
    /** 8.3, and 8.2 or older which wrote {@code st:} for {@code ro:}: one line per minor, no resource names. */
    DRBD_8_3_OR_OLDER,
    /** 8.4: the same per-minor lines as 8.3. */
    DRBD_8_4,
    /** DRBD 9 prints only its version lines there; its state must be read with drbdsetup status or events2. */
    DRBD_9;
}
