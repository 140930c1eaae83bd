package io.tandem.heartbeat.wire;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The value of one message field, by the type code that prefixes every netstring field ({@code (0)} …
 * {@code (3)}, {@code enum cl_netstring_type} of cluster-glue). R1 traffic uses only {@link Text} and
 * {@link Binary}; {@link Struct} and {@link StringList} are decoded for completeness. Type 4 (compressed)
 * and 5 (uncompressed struct) are never represented: decoding drops such messages.
 *
 * <p>Text is a byte string, as in heartbeat's C code: each {@code char} of a Java string stands for one byte
 * (ISO-8859-1), so any received bytes survive re-encoding unchanged. Heartbeat itself sends ASCII.
 */
public sealed interface FieldValue permits FieldValue.Text, FieldValue.Binary, FieldValue.Struct, FieldValue.StringList {

    /** The digit written in the field's {@code (t)} prefix. */
    int typeCode();

    /** Type 0: raw bytes on the netstring wire; in classic form LF is written as byte 0x13. */
    record Text(String value) implements FieldValue {
        public Text {
            requireByteString(value, "text value");
        }

        @Override
        public int typeCode() {
            return 0;
        }

        @Override
        public String toString() {
            return value;
        }
    }

    /** Type 1: raw bytes on the netstring wire (the 16-byte UUIDs), base64 in classic form. */
    record Binary(byte[] bytes) implements FieldValue {
        public Binary {
            bytes = bytes.clone();
        }

        /** A copy of the bytes. */
        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        int length() {
            return bytes.length;
        }

        byte[] bytesWithoutCopy() {
            return bytes;
        }

        @Override
        public int typeCode() {
            return 1;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Binary binary && Arrays.equals(binary.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "<" + HexFormat.of().formatHex(bytes) + ">";
        }
    }

    /** Type 2: a nested message, written inline as {@code ###\n…%%%\n} without a trailer. */
    record Struct(Message message) implements FieldValue {
        public Struct {
            if (message == null) {
                throw new IllegalArgumentException("a struct field needs a message");
            }
        }

        @Override
        public int typeCode() {
            return 2;
        }

        @Override
        public String toString() {
            return message.toString();
        }
    }

    /** Type 3: a list of non-empty strings, written {@code 3:abc,4:defg,}. */
    record StringList(List<String> elements) implements FieldValue {
        public StringList {
            elements = List.copyOf(elements);
            if (elements.isEmpty()) {
                throw new IllegalArgumentException("a list field needs at least one element (heartbeat cannot read an empty one)");
            }
            for (String element : elements) {
                requireByteString(element, "list element");
                if (element.isEmpty()) {
                    throw new IllegalArgumentException("list elements cannot be empty (heartbeat cannot read them)");
                }
            }
        }

        @Override
        public int typeCode() {
            return 3;
        }

        @Override
        public String toString() {
            return elements.toString();
        }
    }

    private static void requireByteString(String value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) > 0xFF) {
                throw new IllegalArgumentException(what + " has a character beyond one byte at index " + i
                        + "; heartbeat fields are byte strings");
            }
        }
    }
}
