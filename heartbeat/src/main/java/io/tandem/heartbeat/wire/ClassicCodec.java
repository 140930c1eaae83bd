package io.tandem.heartbeat.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the classic message format of heartbeat peers from before 2012 (3.0.6 reads it but never sends it on
 * the network, since every authenticated message it sends is a netstring):
 *
 * <pre>
 * &gt;&gt;&gt;\n  [(t)]name=value\n  …  &lt;&lt;&lt;\n  [NUL]
 * </pre>
 *
 * <p>The {@code auth} field is the only signature. It covers the {@code name=value\n} lines in order,
 * without the head lines and without any field named {@code auth}; it is checked strictly, before any value
 * is interpreted. Blank lines between fields are skipped, as heartbeat does; {@code \r} is kept. An empty
 * value, a line without {@code =} or a NUL inside the message rejects it. Text has LF written as byte 0x13,
 * binary is base64.
 *
 * <p>Decoding only: tandem sends netstring. Immutable and thread-safe; never throws on datagram content.
 */
public final class ClassicCodec {

    private final Authenticator authenticator;

    public ClassicCodec(AuthKeys keys) {
        this.authenticator = new Authenticator(keys);
    }

    public DecodeResult decode(byte[] datagram) {
        return decode(datagram, 0, datagram.length);
    }

    /**
     * Decodes and authenticates one classic datagram, {@code data[offset, offset + length)}.
     *
     * @throws IndexOutOfBoundsException if offset and length do not lie within {@code data}
     */
    public DecodeResult decode(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        int end = offset + length;
        Lines parsing = new Lines(data, offset);
        List<RawLine> lines = new ArrayList<>();
        if (length > NetstringCodec.MAX_DATAGRAM_BYTES) {
            return parsing.reject(RejectReason.TOO_LARGE, length + " bytes", lines);
        }
        if (!NetstringCodec.startsWith(data, offset, end, ClassicRendering.START)) {
            return NetstringCodec.isProperPrefix(data, offset, end, ClassicRendering.START)
                    ? parsing.reject(RejectReason.TRUNCATED, "only " + length + " bytes", lines)
                    : parsing.reject(RejectReason.UNKNOWN_FORMAT, "does not start with >>>\\n", lines);
        }
        int messageEnd = parsing.lines(offset + ClassicRendering.START.length, end, lines);
        if (messageEnd < 0) {
            return parsing.rejected(lines);
        }
        // Old senders add the C string's NUL; the receiver would add its own, so one is harmless.
        if (!(messageEnd == end || (messageEnd == end - 1 && data[messageEnd] == 0))) {
            return parsing.reject(RejectReason.TRAILING_GARBAGE,
                    (end - messageEnd) + " bytes after <<<\\n at " + parsing.at(messageEnd), lines);
        }

        RawLine authLine = null;
        ByteArrayOutputStream signed = new ByteArrayOutputStream(length);
        for (RawLine line : lines) {
            if (line.isNamed(data, FieldNames.AUTH)) {
                authLine = authLine == null ? line : authLine;
            } else {
                signed.write(data, line.lineFrom(), line.valueTo() - line.lineFrom());
                signed.write(ClassicRendering.MESSAGE_LF);
            }
        }
        if (authLine == null) {
            return parsing.reject(RejectReason.MISSING_CLASSIC_AUTH, "no auth field", lines);
        }
        Optional<AuthToken> token = authLine.typeCode() == 0
                ? AuthToken.parse(data, authLine.valueFrom(), authLine.valueTo())
                : Optional.empty();
        if (token.isEmpty()) {
            return parsing.reject(RejectReason.BAD_CLASSIC_AUTH, "auth \""
                    + LogSafeText.of(data, authLine.valueFrom(), authLine.valueTo()) + "\" is not <index> <hex>", lines);
        }
        byte[] signedBytes = signed.toByteArray();
        SignatureCheck check = authenticator.verify(token.get(), signedBytes, 0, signedBytes.length);
        RejectReason signatureProblem = switch (check) {
            case VALID -> null;
            case ABSENT -> RejectReason.MISSING_CLASSIC_AUTH;
            case MALFORMED -> RejectReason.BAD_CLASSIC_AUTH;
            case UNKNOWN_KEY_INDEX -> RejectReason.UNKNOWN_KEY_INDEX;
            case WRONG_METHOD -> RejectReason.WRONG_METHOD;
            case MISMATCH -> RejectReason.BAD_SIGNATURE;
        };
        if (signatureProblem != null) {
            return parsing.reject(signatureProblem, authenticator.explain(token.get(), check), lines);
        }

        Message message = parsing.interpret(lines, 0);
        return message == null
                ? parsing.rejected(lines)
                : new DecodeResult.Accepted(message, WireFormat.CLASSIC, token.get(), SignatureCheck.VALID);
    }

    /** One {@code [(t)]name=value} line, as positions; {@code valueTo} is where its LF is. */
    private record RawLine(int typeCode, int lineFrom, int nameFrom, int nameTo, int valueFrom, int valueTo) implements DecodingState.FramedField {

        public boolean isNamed(byte[] data, String name) {
            return nameTo - nameFrom == name.length()
                    && new String(data, nameFrom, nameTo - nameFrom, StandardCharsets.ISO_8859_1).equals(name);
        }
    }

    /** The state of decoding one classic text; -1 or null after recording a problem, nothing thrown. */
    private static final class Lines extends DecodingState {


        Lines(byte[] data, int base) {
            super(data, base);
        }

        /** Reads lines from {@code pos} up to and including {@code <<<\n}; returns the position after it. */
        int lines(int pos, int to, List<RawLine> out) {
            while (true) {
                while (pos < to && data[pos] == ClassicRendering.MESSAGE_LF) {
                    pos++;
                }
                if (pos >= to) {
                    return fail(RejectReason.TRUNCATED, "ends at " + at(pos) + " before <<<\\n");
                }
                if (NetstringCodec.startsWith(data, pos, to, ClassicRendering.END)) {
                    return pos + ClassicRendering.END.length;
                }
                if (NetstringCodec.isProperPrefix(data, pos, to, ClassicRendering.END)) {
                    return fail(RejectReason.TRUNCATED, "ends inside <<<\\n at " + at(pos));
                }
                int lineEnd = pos;
                while (lineEnd < to && data[lineEnd] != ClassicRendering.MESSAGE_LF) {
                    if (data[lineEnd] == 0) {
                        return fail(RejectReason.BAD_FIELD, "NUL inside the line at " + at(pos));
                    }
                    lineEnd++;
                }
                if (lineEnd == to) {
                    return fail(RejectReason.TRUNCATED, "line at " + at(pos) + " has no end");
                }
                int typeCode = 0;
                int nameFrom = pos;
                if (data[pos] == '(') {
                    if (lineEnd - pos < 3 || !NetstringCodec.isDigit(data[pos + 1]) || data[pos + 2] != ')') {
                        return fail(RejectReason.BAD_TYPE, "line at " + at(pos) + " has a malformed (t) prefix");
                    }
                    typeCode = data[pos + 1] - '0';
                    if (typeCode == 0) {
                        // Text is written without a prefix; heartbeat refuses "(0)" ("wrong type").
                        return fail(RejectReason.BAD_TYPE, "line at " + at(pos) + " has the prefix (0)");
                    }
                    nameFrom = pos + 3;
                }
                int equals = nameFrom;
                while (equals < lineEnd && data[equals] != '=') {
                    equals++;
                }
                if (equals == lineEnd || equals == nameFrom) {
                    return fail(RejectReason.BAD_FIELD, "line at " + at(pos)
                            + (equals == nameFrom ? " has an empty name" : " has no '='"));
                }
                for (int i = nameFrom; i < equals; i++) {
                    if (!Field.isNameByte(data[i] & 0xFF)) {
                        return fail(RejectReason.BAD_FIELD, "field name \"" + LogSafeText.of(data, nameFrom, equals)
                                + "\" at " + at(pos) + " has a byte no field name has");
                    }
                }
                if (equals + 1 == lineEnd) {
                    return fail(RejectReason.BAD_FIELD, "field " + LogSafeText.of(data, nameFrom, equals) + " at "
                            + at(pos) + " is empty, which invalidates a classic message");
                }
                out.add(new RawLine(typeCode, pos, nameFrom, equals, equals + 1, lineEnd));
                pos = lineEnd + 1;
            }
        }

        Message interpret(List<RawLine> lines, int depth) {
            List<Field> fields = new ArrayList<>(lines.size());
            for (RawLine line : lines) {
                String name = new String(data, line.nameFrom(), line.nameTo() - line.nameFrom(), StandardCharsets.ISO_8859_1);
                FieldValue value = switch (line.typeCode()) {
                    case 0 -> text(line);
                    case 1 -> binary(name, line);
                    case 2 -> struct(name, line, depth);
                    case 3 -> {
                        List<String> elements = StringListPacking.read(data, line.valueFrom(), line.valueTo());
                        yield elements == null
                                ? failNull(RejectReason.BAD_VALUE, "list field " + name + " is not len:element,…")
                                : new FieldValue.StringList(elements);
                    }
                    case 4 -> failNull(RejectReason.COMPRESSED, "field " + name);
                    default -> failNull(RejectReason.UNSUPPORTED_TYPE, "field " + name + " of type " + line.typeCode());
                };
                if (value == null) {
                    return null;
                }
                fields.add(new Field(name, value));
            }
            return Message.of(fields);
        }

        private FieldValue text(RawLine line) {
            byte[] bytes = Arrays.copyOfRange(data, line.valueFrom(), line.valueTo());
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == ClassicRendering.ESCAPED_LF) {
                    bytes[i] = ClassicRendering.MESSAGE_LF;
                }
            }
            return new FieldValue.Text(new String(bytes, StandardCharsets.ISO_8859_1));
        }

        private FieldValue binary(String name, RawLine line) {
            byte[] encoded = Arrays.copyOfRange(data, line.valueFrom(), line.valueTo());
            byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(encoded);
            } catch (IllegalArgumentException notBase64) {
                return failNull(RejectReason.BAD_VALUE, "binary field " + name + " is not base64");
            }
            return decoded.length == 0
                    ? failNull(RejectReason.BAD_VALUE, "binary field " + name + " is empty")
                    : new FieldValue.Binary(decoded);
        }

        /** A nested message: its LFs were written as a byte that depends on the depth of the message holding it. */
        private FieldValue struct(String name, RawLine line, int depth) {
            if (depth + 1 > NetstringCodec.MAX_NESTING) {
                return failNull(RejectReason.BAD_VALUE, "structs nested deeper than " + NetstringCodec.MAX_NESTING);
            }
            byte[] nestedText = Arrays.copyOfRange(data, line.valueFrom(), line.valueTo());
            byte structLf = ClassicRendering.structLf(depth);
            for (int i = 0; i < nestedText.length; i++) {
                if (nestedText[i] == structLf) {
                    nestedText[i] = ClassicRendering.MESSAGE_LF;
                }
            }
            Lines nested = new Lines(nestedText, 0);
            List<RawLine> nestedLines = new ArrayList<>();
            int nestedEnd = NetstringCodec.startsWith(nestedText, 0, nestedText.length, ClassicRendering.START)
                    ? nested.lines(ClassicRendering.START.length, nestedText.length, nestedLines)
                    : nested.fail(RejectReason.BAD_VALUE, "does not start with >>>");
            Message message = nestedEnd == nestedText.length ? nested.interpret(nestedLines, depth + 1) : null;
            if (message == null) {
                return failNull(RejectReason.BAD_VALUE, "struct field " + name + ": "
                        + (nested.problem == null ? "bytes after its <<<" : nested.problem + ", " + nested.problemDetail));
            }
            return new FieldValue.Struct(message);
        }
    }
}
