package io.tandem.heartbeat.wire;

import java.util.Optional;

/** What became of one datagram: an authenticated message, or a rejection with its reason. */
public sealed interface DecodeResult permits DecodeResult.Accepted, DecodeResult.Rejected {

    /**
     * An authenticated message.
     *
     * @param message the fields in wire order
     * @param format the encoding it arrived in
     * @param signature the signature that authenticated it: the trailer, or for classic the {@code auth} field
     * @param innerAuth the inner classic {@code auth} field of a netstring message: 3.0.6 sends it, nobody
     *     relies on it, so anything but {@link SignatureCheck#VALID} or {@link SignatureCheck#ABSENT} is a
     *     warning, not a reason to drop
     */
    record Accepted(Message message, WireFormat format, AuthToken signature, SignatureCheck innerAuth)
            implements DecodeResult {

        /** Whether the inner {@code auth} field is present but does not check out. */
        public boolean hasInnerAuthWarning() {
            return innerAuth != SignatureCheck.VALID && innerAuth != SignatureCheck.ABSENT;
        }
    }

    /**
     * A dropped datagram.
     *
     * @param reason why
     * @param detail where and what, for the log; holds no raw bytes beyond log-safe text
     * @param claimedSrc the {@code src} the datagram claims, log-safe, when decoding got far enough to see it;
     *     unauthenticated, so only a hint for the operator
     */
    record Rejected(RejectReason reason, String detail, Optional<String> claimedSrc) implements DecodeResult {
    }
}
