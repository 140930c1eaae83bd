package io.tandem.heartbeat.wire;

/**
 * Why a datagram was dropped. The framing reasons come first in decoding order: a datagram is framed, then
 * its signature is checked, and only an authenticated message has its values interpreted (the last group).
 */
public enum RejectReason {

    /** Starts with neither {@code ###\n} (netstring) nor {@code >>>\n} (classic). */
    UNKNOWN_FORMAT("neither a netstring nor a classic heartbeat message"),
    /** Longer than any UDP datagram can be. */
    TOO_LARGE("longer than a UDP datagram"),
    /** Ends inside a field, before the end marker, or inside the trailer: cut short in transit or by the sender. */
    TRUNCATED("ends before the message is complete"),
    /** A field length that is not plain decimal, is followed by no colon, or does not end at a comma. */
    BAD_LENGTH("a field length is malformed or does not end at a comma"),
    /** A netstring field without its {@code (digit)} type prefix, or a classic {@code (0)} prefix. */
    BAD_TYPE("a field has no valid type prefix"),
    /** A field without {@code =}, with an empty name, a name heartbeat cannot have, or (classic) an empty value. */
    BAD_FIELD("a field is not name=value"),
    /** Nothing after {@code %%%\n}: heartbeat signs every netstring message it sends. */
    MISSING_TRAILER("no signature trailer"),
    /** The trailer is not a netstring holding {@code <index> <lower-case hex>}. */
    BAD_TRAILER("the signature trailer is malformed"),
    /** A classic message without its {@code auth} field, its only signature. */
    MISSING_CLASSIC_AUTH("classic message without an auth field"),
    /** A classic {@code auth} field that is not {@code <index> <lower-case hex>}. */
    BAD_CLASSIC_AUTH("the classic auth field is malformed"),
    /** Bytes after the signature other than one NUL. */
    TRAILING_GARBAGE("bytes after the end of the message"),
    /** The signature names a key index that is not configured here. */
    UNKNOWN_KEY_INDEX("signed with a key index not configured here"),
    /** The digest's length does not fit the method configured under its index (say sha1 against md5). */
    WRONG_METHOD("signed with another method than the one configured for its key index"),
    /** The digest does not match: another cluster's key, or bytes altered in transit or by an attacker. */
    BAD_SIGNATURE("failed authentication"),
    /** Authenticated, but carries a compressed field (type 4), which R1 nodes never send. */
    COMPRESSED("compressed messages are not supported"),
    /** Authenticated, but carries a field of type 5 to 9. */
    UNSUPPORTED_TYPE("a field type heartbeat does not send over the network"),
    /** Authenticated, but a struct, list or base64 value does not parse. */
    BAD_VALUE("a struct, list or binary value does not parse");

    private final String description;

    RejectReason(String description) {
        this.description = description;
    }

    /** A short phrase for log lines: "dropped datagram …: " + description. */
    public String description() {
        return description;
    }
}
