package io.tandem.heartbeat.wire;

/** The outcome of checking one signature against the configured keys. */
public enum SignatureCheck {
    /** The digest matches the one computed with the key of the named index. */
    VALID,
    /** There was no signature to check (only possible for the optional inner {@code auth} field). */
    ABSENT,
    /** The signature text is not {@code <index> <lower-case hex>}. */
    MALFORMED,
    /** No key is configured under the named index. */
    UNKNOWN_KEY_INDEX,
    /** The digest's length cannot come from the method configured under that index. */
    WRONG_METHOD,
    /** Well-formed, known index and method, but the digest differs: wrong key or altered bytes. */
    MISMATCH
}
