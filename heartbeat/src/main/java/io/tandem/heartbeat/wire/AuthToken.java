package io.tandem.heartbeat.wire;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A signature as heartbeat writes it, {@code <index> <digest>}: in the netstring trailer
 * ({@code 42:1 afd8…ae,}) and in the inner classic {@code auth} field ({@code auth=1 8658…c2}).
 *
 * @param keyIndex the {@code authkeys} index the sender signed with; not necessarily one we know
 * @param digest lower-case hex, 1 to 40 digits ({@code crc} drops leading zeros)
 */
public record AuthToken(int keyIndex, String digest) {

    /** sha1 is the longest digest; heartbeat reserves 64 bytes ({@code MAX_AUTH_BYTES}) for the text. */
    static final int MAX_DIGEST_DIGITS = 40;
    private static final int MAX_INDEX_DIGITS = 2;

    public AuthToken {
        if (keyIndex < 0 || keyIndex > 99) {
            throw new IllegalArgumentException("key index " + keyIndex + " does not fit the wire form");
        }
        if (digest == null || !isLowerHex(digest)) {
            throw new IllegalArgumentException("digest must be 1.." + MAX_DIGEST_DIGITS
                    + " lower-case hex digits: " + digest);
        }
    }

    /** Parses {@code <index> <digest>}, or returns empty if the text is not exactly that. */
    public static Optional<AuthToken> parse(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return parse(bytes, 0, bytes.length);
    }

    /**
     * Parses {@code <index> <digest>} from {@code data[from, to)}. Stricter than heartbeat's
     * {@code sscanf("%d %s")}: a plain decimal index without sign or leading zeros, one space, lower-case
     * hex and nothing else.
     */
    static Optional<AuthToken> parse(byte[] data, int from, int to) {
        int space = -1;
        for (int i = from; i < to; i++) {
            if (data[i] == ' ') {
                space = i;
                break;
            }
        }
        int indexDigits = space - from;
        if (space < 0 || indexDigits < 1 || indexDigits > MAX_INDEX_DIGITS
                || (indexDigits > 1 && data[from] == '0')) {
            return Optional.empty();
        }
        int index = 0;
        for (int i = from; i < space; i++) {
            if (data[i] < '0' || data[i] > '9') {
                return Optional.empty();
            }
            index = index * 10 + (data[i] - '0');
        }
        String digest = new String(data, space + 1, to - space - 1, StandardCharsets.ISO_8859_1);
        return isLowerHex(digest) ? Optional.of(new AuthToken(index, digest)) : Optional.empty();
    }

    private static boolean isLowerHex(String text) {
        if (text.isEmpty() || text.length() > MAX_DIGEST_DIGITS) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** The wire text, {@code <index> <digest>}. */
    @Override
    public String toString() {
        return keyIndex + " " + digest;
    }
}
