package io.tandem.heartbeat.wire;

import java.nio.charset.StandardCharsets;

/** Datagrams as strings and back, one char per byte, so that test expectations can be written as text. */
final class Latin1 {

    private Latin1() {
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
