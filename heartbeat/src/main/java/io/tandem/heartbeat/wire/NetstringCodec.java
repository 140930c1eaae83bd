package io.tandem.heartbeat.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Encodes and decodes heartbeat 3.0.6's netstring messages, the only form it sends on the network:
 *
 * <pre>
 * ###\n  len:(t)name=value,  …  %%%\n  alen:index digest,
 * └──────────────── signed region ────────────────┘ └─ trailer ─┘
 * </pre>
 *
 * <p>Decoding, in this order:
 * <ol>
 *   <li>Framing: every length is plain decimal (no sign, no leading zero, at most six digits), stays inside
 *       the datagram and ends at a comma; every field starts {@code (digit)name=}. heartbeat
 *       {@code assert()}s the type prefix before it authenticates, so a malformed datagram can abort it; here
 *       it is a {@link RejectReason}.
 *   <li>Trailer: exactly one netstring {@code <index> <hex>} after {@code %%%\n}, then nothing or one NUL.
 *   <li>Signature: over the signed region, with the key of the index the trailer names.
 *   <li>Only then the values: nested structs and lists are parsed, compressed fields refused, and the inner
 *       classic {@code auth} field checked (a mismatch is a warning, since 3.0.6 ignores that field too).
 * </ol>
 * Decoding never throws on any datagram content.
 *
 * <p>Encoding writes fields in the message's order with their type prefixes and no trailing NUL, so a
 * decoded 3.0.6 message re-encodes to the very same bytes.
 *
 * <p>Immutable and thread-safe.
 */
public final class NetstringCodec {

    /** The largest UDP payload over IPv4. */
    public static final int MAX_DATAGRAM_BYTES = 65_507;
    /** Struct fields nested deeper than this are refused; R1 traffic has none at all. */
    static final int MAX_NESTING = 8;
    /** Six digits cover any length that fits a datagram. */
    private static final int MAX_LENGTH_DIGITS = 6;
    /** heartbeat's {@code MAX_AUTH_BYTES}: the room it leaves for {@code <index> <digest>}. */
    private static final int MAX_TRAILER_BYTES = 64;

    static final byte[] START = "###\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] END = "%%%\n".getBytes(StandardCharsets.US_ASCII);

    private final Authenticator authenticator;

    public NetstringCodec(AuthKeys keys) {
        this.authenticator = new Authenticator(keys);
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    /**
     * The datagram for a message, signed with the active key: the signed region and its trailer. The inner
     * classic {@code auth} field is written only if the message has one ({@link Authenticator#withClassicAuth}).
     *
     * @throws IllegalArgumentException if the message does not fit one UDP datagram
     */
    public byte[] encode(Message message) {
        byte[] signed = signedRegion(message);
        byte[] token = authenticator.sign(signed, 0, signed.length).toString().getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream(signed.length + token.length + 4);
        out.writeBytes(signed);
        writeNetstring(token, out);
        if (out.size() > MAX_DATAGRAM_BYTES) {
            throw new IllegalArgumentException("message of " + out.size() + " bytes does not fit one UDP datagram ("
                    + MAX_DATAGRAM_BYTES + "): " + message.type().orElse("?"));
        }
        return out.toByteArray();
    }

    /** The bytes a trailer signs: {@code ###\n}, every field, {@code %%%\n}. */
    public static byte[] signedRegion(Message message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        writeMessage(message, out);
        return out.toByteArray();
    }

    public DecodeResult decode(byte[] datagram) {
        return decode(datagram, 0, datagram.length);
    }

    /**
     * Decodes and authenticates one datagram, {@code data[offset, offset + length)}. Never throws because of
     * what those bytes hold.
     *
     * @throws IndexOutOfBoundsException if offset and length do not lie within {@code data}
     */
    public DecodeResult decode(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        int end = offset + length;
        Parsing parsing = new Parsing(data, offset);
        List<RawField> fields = new ArrayList<>();
        if (length > MAX_DATAGRAM_BYTES) {
            return parsing.reject(RejectReason.TOO_LARGE, length + " bytes", fields);
        }
        if (!startsWith(data, offset, end, START)) {
            return isProperPrefix(data, offset, end, START) || isProperPrefix(data, offset, end, ClassicRendering.START)
                    ? parsing.reject(RejectReason.TRUNCATED, "only " + length + " bytes", fields)
                    : parsing.reject(RejectReason.UNKNOWN_FORMAT, "starts " + LogSafeText.of(data, offset,
                            Math.min(end, offset + START.length)), fields);
        }
        int signedEnd = parsing.fields(offset + START.length, end, fields);
        if (signedEnd < 0) {
            return parsing.rejected(fields);
        }

        // The trailer: one netstring holding "<index> <digest>", then nothing or the NUL some senders add.
        if (signedEnd == end || (signedEnd == end - 1 && data[signedEnd] == 0)) {
            return parsing.reject(RejectReason.MISSING_TRAILER, "nothing after %%%\\n at " + parsing.at(signedEnd), fields);
        }
        if (!isDigit(data[signedEnd])) {
            return parsing.reject(RejectReason.BAD_TRAILER, "no netstring after %%%\\n at " + parsing.at(signedEnd), fields);
        }
        int trailerEnd = parsing.netstring(signedEnd, end);
        if (trailerEnd < 0) {
            return parsing.problem == RejectReason.TRUNCATED
                    ? parsing.rejected(fields)
                    : parsing.reject(RejectReason.BAD_TRAILER, parsing.problemDetail, fields);
        }
        int tokenFrom = parsing.payloadFrom;
        int tokenTo = parsing.payloadTo;
        if (!(trailerEnd == end || (trailerEnd == end - 1 && data[trailerEnd] == 0))) {
            return parsing.reject(RejectReason.TRAILING_GARBAGE,
                    (end - trailerEnd) + " bytes after the trailer at " + parsing.at(trailerEnd), fields);
        }
        if (tokenTo - tokenFrom > MAX_TRAILER_BYTES) {
            return parsing.reject(RejectReason.BAD_TRAILER, "trailer of " + (tokenTo - tokenFrom) + " bytes", fields);
        }
        Optional<AuthToken> token = AuthToken.parse(data, tokenFrom, tokenTo);
        if (token.isEmpty()) {
            return parsing.reject(RejectReason.BAD_TRAILER,
                    "trailer \"" + LogSafeText.of(data, tokenFrom, tokenTo) + "\" is not <index> <hex>", fields);
        }

        SignatureCheck check = authenticator.verify(token.get(), data, offset, signedEnd - offset);
        RejectReason signatureProblem = switch (check) {
            case VALID -> null;
            case ABSENT -> RejectReason.MISSING_TRAILER;
            case MALFORMED -> RejectReason.BAD_TRAILER;
            case UNKNOWN_KEY_INDEX -> RejectReason.UNKNOWN_KEY_INDEX;
            case WRONG_METHOD -> RejectReason.WRONG_METHOD;
            case MISMATCH -> RejectReason.BAD_SIGNATURE;
        };
        if (signatureProblem != null) {
            return parsing.reject(signatureProblem, authenticator.explain(token.get(), check), fields);
        }

        // Authenticated: now the values may be looked at.
        Message message = parsing.interpret(fields, 0);
        if (message == null) {
            return parsing.rejected(fields);
        }
        return new DecodeResult.Accepted(message, WireFormat.NETSTRING, token.get(),
                authenticator.verifyClassicAuth(message));
    }

    private static void writeMessage(Message message, ByteArrayOutputStream out) {
        out.writeBytes(START);
        for (Field field : message.fields()) {
            ByteArrayOutputStream payload = new ByteArrayOutputStream(64);
            payload.write('(');
            payload.write('0' + field.value().typeCode());
            payload.write(')');
            payload.writeBytes(field.name().getBytes(StandardCharsets.ISO_8859_1));
            payload.write('=');
            switch (field.value()) {
                case FieldValue.Text(String text) -> payload.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
                case FieldValue.Binary binary -> payload.writeBytes(binary.bytesWithoutCopy());
                case FieldValue.Struct(Message nested) -> writeMessage(nested, payload);
                case FieldValue.StringList list -> StringListPacking.write(list, payload);
            }
            writeNetstring(payload.toByteArray(), out);
        }
        out.writeBytes(END);
    }

    private static void writeNetstring(byte[] payload, ByteArrayOutputStream out) {
        out.writeBytes(Integer.toString(payload.length).getBytes(StandardCharsets.US_ASCII));
        out.write(':');
        out.writeBytes(payload);
        out.write(',');
    }

    static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    static boolean startsWith(byte[] data, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code data[from, to)} is shorter than {@code marker} and could be its beginning. */
    static boolean isProperPrefix(byte[] data, int from, int to, byte[] marker) {
        if (to - from >= marker.length) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (data[i] != marker[i - from]) {
                return false;
            }
        }
        return true;
    }

    /** One framed but not yet interpreted field: positions in the datagram. */
    private record RawField(int typeCode, int nameFrom, int nameTo, int valueFrom, int valueTo) implements DecodingState.FramedField {

        public boolean isNamed(byte[] data, String name) {
            if (nameTo - nameFrom != name.length()) {
                return false;
            }
            for (int i = 0; i < name.length(); i++) {
                if (data[nameFrom + i] != name.charAt(i)) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * The state of decoding one datagram. Methods return a position, or -1 (or null) after recording the
     * problem; nothing is thrown.
     */
    private static final class Parsing extends DecodingState {

        /** The payload of the netstring read last. */
        private int payloadFrom;
        private int payloadTo;

        Parsing(byte[] data, int base) {
            super(data, base);
        }

        /** Frames fields from {@code pos} up to and including {@code %%%\n}; returns the position after it. */
        int fields(int pos, int to, List<RawField> out) {
            while (true) {
                if (pos >= to) {
                    return fail(RejectReason.TRUNCATED, "ends at " + at(pos) + " before %%%\\n");
                }
                if (!isDigit(data[pos])) {
                    if (startsWith(data, pos, to, END)) {
                        return pos + END.length;
                    }
                    return isProperPrefix(data, pos, to, END)
                            ? fail(RejectReason.TRUNCATED, "ends inside %%%\\n at " + at(pos))
                            : fail(RejectReason.BAD_LENGTH, "neither a field length nor %%%\\n at " + at(pos));
                }
                int next = netstring(pos, to);
                if (next < 0) {
                    return -1;
                }
                int from = payloadFrom;
                int payloadEnd = payloadTo;
                if (payloadEnd - from < 3 || data[from] != '(' || !isDigit(data[from + 1]) || data[from + 2] != ')') {
                    return fail(RejectReason.BAD_TYPE, "field at " + at(pos) + " does not start with (digit)");
                }
                int nameFrom = from + 3;
                int equals = nameFrom;
                while (equals < payloadEnd && data[equals] != '=') {
                    equals++;
                }
                if (equals == payloadEnd || equals == nameFrom) {
                    return fail(RejectReason.BAD_FIELD, "field at " + at(pos) + (equals == nameFrom
                            ? " has an empty name" : " has no '='"));
                }
                for (int i = nameFrom; i < equals; i++) {
                    if (!Field.isNameByte(data[i] & 0xFF)) {
                        return fail(RejectReason.BAD_FIELD, "field name \"" + LogSafeText.of(data, nameFrom, equals)
                                + "\" at " + at(pos) + " has a byte no field name has");
                    }
                }
                out.add(new RawField(data[from + 1] - '0', nameFrom, equals, equals + 1, payloadEnd));
                pos = next;
            }
        }

        /**
         * Reads {@code len:payload,} at {@code pos}, which holds a digit; sets the payload bounds and returns
         * the position after the comma.
         */
        int netstring(int pos, int to) {
            int digitsEnd = pos;
            while (digitsEnd < to && isDigit(data[digitsEnd]) && digitsEnd - pos <= MAX_LENGTH_DIGITS) {
                digitsEnd++;
            }
            int digits = digitsEnd - pos;
            if (digits > MAX_LENGTH_DIGITS) {
                return fail(RejectReason.BAD_LENGTH, "length of more than " + MAX_LENGTH_DIGITS + " digits at " + at(pos));
            }
            if (digitsEnd == to) {
                return fail(RejectReason.TRUNCATED, "ends inside the length at " + at(pos));
            }
            if (digits > 1 && data[pos] == '0') {
                return fail(RejectReason.BAD_LENGTH, "length with a leading zero at " + at(pos));
            }
            if (data[digitsEnd] != ':') {
                return fail(RejectReason.BAD_LENGTH, "length at " + at(pos) + " is not followed by ':'");
            }
            int length = Integer.parseInt(new String(data, pos, digits, StandardCharsets.US_ASCII));
            int from = digitsEnd + 1;
            if (length >= to - from) {
                return fail(RejectReason.TRUNCATED, "length " + length + " at " + at(pos) + " runs past the end");
            }
            if (data[from + length] != ',') {
                return fail(RejectReason.BAD_LENGTH, "length " + length + " at " + at(pos) + " does not end at a comma");
            }
            payloadFrom = from;
            payloadTo = from + length;
            return from + length + 1;
        }

        /** Turns framed fields into typed values; null after recording the problem. */
        Message interpret(List<RawField> raw, int depth) {
            List<Field> fields = new ArrayList<>(raw.size());
            for (RawField field : raw) {
                String name = new String(data, field.nameFrom(), field.nameTo() - field.nameFrom(), StandardCharsets.ISO_8859_1);
                FieldValue value = switch (field.typeCode()) {
                    case 0 -> new FieldValue.Text(new String(data, field.valueFrom(),
                            field.valueTo() - field.valueFrom(), StandardCharsets.ISO_8859_1));
                    case 1 -> new FieldValue.Binary(Arrays.copyOfRange(data, field.valueFrom(), field.valueTo()));
                    case 2 -> struct(name, field, depth);
                    case 3 -> list(name, field);
                    case 4 -> failNull(RejectReason.COMPRESSED, "field " + name);
                    default -> failNull(RejectReason.UNSUPPORTED_TYPE, "field " + name + " of type " + field.typeCode());
                };
                if (value == null) {
                    return null;
                }
                fields.add(new Field(name, value));
            }
            return Message.of(fields);
        }

        private FieldValue list(String name, RawField field) {
            List<String> elements = StringListPacking.read(data, field.valueFrom(), field.valueTo());
            return elements == null
                    ? failNull(RejectReason.BAD_VALUE, "list field " + name + " is not len:element,…")
                    : new FieldValue.StringList(elements);
        }

        private FieldValue struct(String name, RawField field, int depth) {
            if (depth + 1 > MAX_NESTING) {
                return failNull(RejectReason.BAD_VALUE, "structs nested deeper than " + MAX_NESTING);
            }
            if (!startsWith(data, field.valueFrom(), field.valueTo(), START)) {
                return failNull(RejectReason.BAD_VALUE, "struct field " + name + " does not start with ###\\n");
            }
            List<RawField> nested = new ArrayList<>();
            int nestedEnd = fields(field.valueFrom() + START.length, field.valueTo(), nested);
            if (nestedEnd != field.valueTo()) {
                return failNull(RejectReason.BAD_VALUE, "struct field " + name + ": "
                        + (nestedEnd < 0 ? problem + ", " + problemDetail : "bytes after its %%%\\n"));
            }
            Message message = interpret(nested, depth + 1);
            return message == null ? null : new FieldValue.Struct(message);
        }
    }
}
