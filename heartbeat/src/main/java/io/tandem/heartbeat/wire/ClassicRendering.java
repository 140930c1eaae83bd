package io.tandem.heartbeat.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The classic {@code name=value} text of a message, as cluster-glue's {@code msg2string_buf} writes it. The
 * inner {@code auth} signature is computed over this text without the {@code >>>}/{@code <<<} lines and
 * without fields named {@code auth} ({@code NOHEAD}), in field order.
 *
 * <p>Per field: a {@code (t)} prefix for every type but text, the name, {@code =}, the value and LF. Text
 * has LF replaced by byte 0x13; binary is base64 with padding; a list is {@code len:str,…}; a struct is the
 * nested message with its head lines and its LFs replaced by a depth-specific byte.
 */
final class ClassicRendering {

    static final byte MESSAGE_LF = '\n';
    /** What an LF inside a text value becomes ({@code SPECIAL_SYM} in {@code cl_msg_types.c}). */
    static final byte ESCAPED_LF = 0x13;
    /** What the LFs of a nested struct become, by the depth of the message holding it ({@code SPECIAL_SYMS}). */
    private static final byte[] STRUCT_LF_BY_DEPTH = {20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 15, 16, 17, 18};
    /** Nesting heartbeat can render; decoders accept less ({@link NetstringCodec#MAX_NESTING}). */
    static final int MAX_DEPTH = STRUCT_LF_BY_DEPTH.length;

    static final byte[] START = ">>>\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] END = "<<<\n".getBytes(StandardCharsets.US_ASCII);

    private ClassicRendering() {
    }

    /** The bytes the inner {@code auth} field signs. */
    static byte[] signedText(Message message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        renderFields(message, out, 0, true);
        return out.toByteArray();
    }

    private static void renderFields(Message message, ByteArrayOutputStream out, int depth, boolean skipAuth) {
        for (Field field : message.fields()) {
            if (skipAuth && field.name().equals(FieldNames.AUTH)) {
                continue;
            }
            FieldValue value = field.value();
            if (value.typeCode() != 0) {
                out.write('(');
                out.write('0' + value.typeCode());
                out.write(')');
            }
            out.writeBytes(field.name().getBytes(StandardCharsets.ISO_8859_1));
            out.write('=');
            switch (value) {
                case FieldValue.Text(String text) -> {
                    for (byte b : text.getBytes(StandardCharsets.ISO_8859_1)) {
                        out.write(b == MESSAGE_LF ? ESCAPED_LF : b);
                    }
                }
                case FieldValue.Binary binary ->
                        out.writeBytes(Base64.getEncoder().encode(binary.bytesWithoutCopy()));
                case FieldValue.StringList list -> StringListPacking.write(list, out);
                case FieldValue.Struct(Message nested) -> {
                    if (depth >= MAX_DEPTH) {
                        throw new IllegalArgumentException("structs nested deeper than heartbeat's " + MAX_DEPTH);
                    }
                    ByteArrayOutputStream child = new ByteArrayOutputStream();
                    child.writeBytes(START);
                    renderFields(nested, child, depth + 1, false);
                    child.writeBytes(END);
                    for (byte b : child.toByteArray()) {
                        out.write(b == MESSAGE_LF ? STRUCT_LF_BY_DEPTH[depth] : b);
                    }
                }
            }
            out.write(MESSAGE_LF);
        }
    }

    /** The byte that stands for LF inside a struct value held by a message at this depth. */
    static byte structLf(int depth) {
        return STRUCT_LF_BY_DEPTH[depth];
    }
}
