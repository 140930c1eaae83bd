package io.tandem.heartbeat.wire;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A heartbeat message: an immutable, ordered list of typed fields. Order is kept exactly as received or
 * built, because the inner classic signature is computed over it and because re-encoding a received message
 * must give the same bytes. Names may repeat; lookups return the first match, as heartbeat's
 * {@code cl_get_value} does.
 *
 * <p>The typed accessors read the common fields of §3.1 of the protocol notes. They return empty both when
 * the field is absent and when its text does not parse (say {@code seq=zz}); use {@link #text(String)} to
 * tell the two apart. Nothing here throws on received content.
 */
public final class Message {

    private final List<Field> fields;

    private Message(List<Field> fields) {
        this.fields = fields;
    }

    /** A message with these fields, in this order. */
    public static Message of(List<Field> fields) {
        return new Message(List.copyOf(fields));
    }

    /** Starts a message to send; see {@link Builder} for the rules it enforces. */
    public static Builder builder() {
        return new Builder();
    }

    public List<Field> fields() {
        return fields;
    }

    /** The value of the first field with this name. */
    public Optional<FieldValue> first(String name) {
        for (Field field : fields) {
            if (field.name().equals(name)) {
                return Optional.of(field.value());
            }
        }
        return Optional.empty();
    }

    public boolean has(String name) {
        return first(name).isPresent();
    }

    /** The first field with this name if it is text; empty if absent or of another type. */
    public Optional<String> text(String name) {
        return first(name).flatMap(value -> value instanceof FieldValue.Text(String text)
                ? Optional.of(text) : Optional.empty());
    }

    /** The bytes of the first field with this name if it is binary; empty if absent or of another type. */
    public Optional<byte[]> binary(String name) {
        return first(name).flatMap(value -> value instanceof FieldValue.Binary binary
                ? Optional.of(binary.bytes()) : Optional.empty());
    }

    /** This message without any field of that name. */
    public Message without(String name) {
        return new Message(fields.stream().filter(field -> !field.name().equals(name)).toList());
    }

    /**
     * This message with the first field of that name replaced by a text field in place, or with the text
     * field appended if there is none: how heartbeat sets its {@code auth} field.
     */
    public Message withTextReplacedOrAppended(String name, String value) {
        List<Field> changed = new ArrayList<>(fields);
        Field replacement = new Field(name, new FieldValue.Text(value));
        for (int i = 0; i < changed.size(); i++) {
            if (changed.get(i).name().equals(name)) {
                changed.set(i, replacement);
                return new Message(List.copyOf(changed));
            }
        }
        changed.add(replacement);
        return new Message(List.copyOf(changed));
    }

    /** {@code t}: the message type, such as {@code status} or {@code NS_ackmsg}. */
    public Optional<String> type() {
        return text(FieldNames.TYPE);
    }

    /** {@code src}: the node that claims to have sent the message. */
    public Optional<String> src() {
        return text(FieldNames.SRC);
    }

    /** {@code srcuuid}: the sender's UUID, if the field holds exactly 16 bytes. */
    public Optional<UUID> srcUuid() {
        return uuid(FieldNames.SRC_UUID);
    }

    /** {@code dest}: the addressed node; empty means every node. */
    public Optional<String> dest() {
        return text(FieldNames.DEST);
    }

    /** {@code destuuid}: the addressed node's UUID, if the field holds exactly 16 bytes. */
    public Optional<UUID> destUuid() {
        return uuid(FieldNames.DEST_UUID);
    }

    /** {@code seq}: the sequence number (hex on the wire). */
    public OptionalLong seq() {
        return hex(FieldNames.SEQ);
    }

    /** {@code hg}: the sender's heartbeat generation (hex on the wire). */
    public OptionalLong generation() {
        return hex(FieldNames.GENERATION);
    }

    /** {@code ts}: the sender's clock in whole seconds (hex on the wire); for ordering only. */
    public Optional<Instant> timestamp() {
        OptionalLong seconds = hex(FieldNames.TIMESTAMP);
        return seconds.isPresent() && seconds.getAsLong() <= Instant.MAX.getEpochSecond()
                ? Optional.of(Instant.ofEpochSecond(seconds.getAsLong())) : Optional.empty();
    }

    /** {@code ld}: the first line of the sender's {@code /proc/loadavg}. */
    public Optional<String> load() {
        return text(FieldNames.LOAD);
    }

    /** {@code ttl}: the hop count for serial rings (decimal on the wire). */
    public OptionalInt ttl() {
        return decimal(FieldNames.TTL);
    }

    /** {@code auth}: the inner classic signature, if present and well formed. */
    public Optional<AuthToken> auth() {
        return text(FieldNames.AUTH).flatMap(AuthToken::parse);
    }

    /** {@code st}: the sender's status as sent ({@code init}, {@code up}, {@code active}, {@code dead} …). */
    public Optional<String> status() {
        return text(FieldNames.STATUS);
    }

    /** {@code dt}: the sender's deadtime (hex milliseconds on the wire). */
    public Optional<Duration> deadtime() {
        OptionalLong millis = hex(FieldNames.DEADTIME);
        return millis.isPresent() ? Optional.of(Duration.ofMillis(millis.getAsLong())) : Optional.empty();
    }

    /** {@code protocol}: present ({@code 1}) when the sender does flow control. */
    public OptionalInt protocol() {
        return decimal(FieldNames.PROTOCOL);
    }

    /** {@code info}: comment or sub-type ({@code shutdown}, {@code standby}, {@code me} …). */
    public Optional<String> info() {
        return text(FieldNames.INFO);
    }

    /** {@code rsc_hold}: the resource holdings as sent ({@code none}, {@code local}, {@code foreign}, {@code all}). */
    public Optional<String> resourceHolding() {
        return text(FieldNames.RESOURCE_HOLDING);
    }

    /** {@code rtype}: {@code full} when a holdings report replaces the previous one. */
    public Optional<String> resourceReportType() {
        return text(FieldNames.RESOURCE_REPORT_TYPE);
    }

    /** {@code isstable}: whether the sender's resource manager is stable; empty if absent or not 0/1. */
    public Optional<Boolean> isStable() {
        return text(FieldNames.IS_STABLE).flatMap(value -> switch (value) {
            case "0" -> Optional.of(false);
            case "1" -> Optional.of(true);
            default -> Optional.empty();
        });
    }

    /** {@code ackseq}: the acknowledged sequence number (hex on the wire). */
    public OptionalLong ackSeq() {
        return hex(FieldNames.ACK_SEQ);
    }

    private Optional<UUID> uuid(String name) {
        return binary(name).filter(bytes -> bytes.length == 16).map(bytes -> {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            return new UUID(buffer.getLong(), buffer.getLong());
        });
    }

    /**
     * Heartbeat writes numbers with {@code %lx}. Empty unless the text is 1 to 16 hex digits with a value
     * that fits a (signed) long; no real sequence number, generation or clock comes near that.
     */
    private OptionalLong hex(String name) {
        Optional<String> text = text(name);
        if (text.isEmpty() || text.get().isEmpty() || text.get().length() > 16) {
            return OptionalLong.empty();
        }
        for (char c : text.get().toCharArray()) {
            if (Character.digit(c, 16) < 0) {
                return OptionalLong.empty();
            }
        }
        long value = Long.parseUnsignedLong(text.get(), 16);
        return value >= 0 ? OptionalLong.of(value) : OptionalLong.empty();
    }

    private OptionalInt decimal(String name) {
        Optional<String> text = text(name);
        if (text.isEmpty() || text.get().isEmpty() || text.get().length() > 9) {
            return OptionalInt.empty();
        }
        for (char c : text.get().toCharArray()) {
            if (c < '0' || c > '9') {
                return OptionalInt.empty();
            }
        }
        return OptionalInt.of(Integer.parseInt(text.get()));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Message message && message.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    /** The fields in order; binary values in hex. Text comes from the network: log it as untrusted. */
    @Override
    public String toString() {
        return fields.stream().map(Field::toString).collect(Collectors.joining(", ", "{", "}"));
    }

    /**
     * Builds a message to send, field by field in wire order. It refuses empty values: an empty value makes
     * the whole message unreadable for the classic parser of older peers, so heartbeat never sends one.
     */
    public static final class Builder {

        private final List<Field> fields = new ArrayList<>();

        private Builder() {
        }

        public Builder text(String name, String value) {
            return add(name, new FieldValue.Text(value));
        }

        /** A number in lower-case hex without padding, as {@code %lx} writes {@code seq}, {@code hg}, {@code ts}. */
        public Builder hex(String name, long value) {
            return text(name, Long.toHexString(value));
        }

        public Builder binary(String name, byte[] value) {
            return add(name, new FieldValue.Binary(value));
        }

        /** A UUID as 16 raw big-endian bytes, the form of {@code srcuuid} and {@code destuuid}. */
        public Builder uuid(String name, UUID value) {
            return binary(name, ByteBuffer.allocate(16)
                    .putLong(value.getMostSignificantBits())
                    .putLong(value.getLeastSignificantBits())
                    .array());
        }

        public Builder struct(String name, Message value) {
            return add(name, new FieldValue.Struct(value));
        }

        public Builder list(String name, List<String> elements) {
            return add(name, new FieldValue.StringList(elements));
        }

        public Builder add(String name, FieldValue value) {
            boolean empty = switch (value) {
                case FieldValue.Text(String text) -> text.isEmpty();
                case FieldValue.Binary binary -> binary.length() == 0;
                case FieldValue.Struct struct -> false;
                case FieldValue.StringList list -> false;
            };
            if (empty) {
                throw new IllegalArgumentException("field " + name + " would be empty; heartbeat never sends"
                        + " an empty value (delnodelist uses a single space instead)");
            }
            fields.add(new Field(name, value));
            return this;
        }

        public Message build() {
            return new Message(List.copyOf(fields));
        }
    }
}
