package io.tandem.replicator.source;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Builds event bodies byte by byte for tests, in the binlog's little-endian and big-endian encodings. */
final class BodyBytes {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    BodyBytes le(long value, int size) {
        for (int i = 0; i < size; i++) {
            bytes.write((int) (value >>> (8 * i)));
        }
        return this;
    }

    BodyBytes be(long value, int size) {
        for (int i = size - 1; i >= 0; i--) {
            bytes.write((int) (value >>> (8 * i)));
        }
        return this;
    }

    BodyBytes u8(int value) {
        bytes.write(value);
        return this;
    }

    BodyBytes bytes(byte[] value) {
        bytes.writeBytes(value);
        return this;
    }

    BodyBytes hex(String value) {
        return bytes(HexFormat.of().parseHex(value.replace(" ", "")));
    }

    BodyBytes ascii(String value) {
        return bytes(value.getBytes(StandardCharsets.US_ASCII));
    }

    byte[] build() {
        return bytes.toByteArray();
    }
}
