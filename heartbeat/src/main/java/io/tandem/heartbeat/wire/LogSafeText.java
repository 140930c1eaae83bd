package io.tandem.heartbeat.wire;

/**
 * Turns bytes from the network into text that is safe to put in a log line: printable ASCII is kept,
 * anything else is written as {@code \xNN}, and the result is cut to a bounded length.
 */
final class LogSafeText {

    /** Node names are at most 100 bytes in heartbeat. */
    static final int MAX_BYTES = 100;

    private LogSafeText() {
    }

    static String of(byte[] data, int from, int to) {
        StringBuilder text = new StringBuilder();
        int shownTo = Math.min(to, from + MAX_BYTES);
        for (int i = from; i < shownTo; i++) {
            int b = data[i] & 0xFF;
            if (b >= 0x20 && b < 0x7F && b != '\\') {
                text.append((char) b);
            } else {
                text.append(String.format("\\x%02x", b));
            }
        }
        if (shownTo < to) {
            text.append("…(").append(to - from).append(" bytes)");
        }
        return text.toString();
    }
}
