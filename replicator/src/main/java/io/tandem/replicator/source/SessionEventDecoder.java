package io.tandem.replicator.source;

import io.tandem.replicator.event.StatementContext;
import java.math.BigInteger;

/**
 * Decoders for the small events the library leaves undecoded (traps 4 and 14): RAND and USER_VAR,
 * which a statement replayed on the peer needs, and MariaDB's GTID event, whose group-commit id the
 * library drops. Each takes the event data without the 19-byte common header and without the
 * checksum, and throws {@link UndecodableEventException} unless the body has exactly the expected
 * shape.
 */
final class SessionEventDecoder {

    static final int STRING_RESULT = 0;
    static final int REAL_RESULT = 1;
    static final int INT_RESULT = 2;
    static final int DECIMAL_RESULT = 4;
    /** USER_VAR flag: the INT_RESULT value is unsigned. */
    static final int UNSIGNED_F = 1;

    private static final int RAND_BODY_SIZE = 16;
    private static final int GTID_FIXED_SIZE = 13;

    /**
     * A MariaDB GTID event (type 162) as far as tandem uses it: sequence number, domain, flags and, when
     * {@link #FL_GROUP_COMMIT_ID} is set, the group-commit id that marks transactions a replica may apply
     * in parallel. The server id of the GTID is the event header's.
     */
    record MariadbGtid(long sequence, long domainId, int flags, long commitId) {

        /** The group is one statement without BEGIN/COMMIT (DDL, or DML on a non-transactional table). */
        static final int FL_STANDALONE = 1;
        /** A commit id follows: groups with the same id committed together on the master. */
        static final int FL_GROUP_COMMIT_ID = 2;
        /** The group only touched transactional tables and may be rolled back and retried. */
        static final int FL_TRANSACTIONAL = 4;
        /** The master allows this group to run in parallel with others (no {@code skip_parallel_replication}). */
        static final int FL_ALLOW_PARALLEL = 8;
        /** The transaction waited on a row lock of another on the master: a conflict is likely. */
        static final int FL_WAITED = 16;
        /** The group is DDL. */
        static final int FL_DDL = 32;
        /** XA PREPARE: an XID follows the fixed part. */
        static final int FL_PREPARED_XA = 64;
        /** XA COMMIT / XA ROLLBACK of a prepared transaction: an XID follows the fixed part. */
        static final int FL_COMPLETED_XA = 128;

        boolean hasFlag(int flag) {
            return (flags & flag) != 0;
        }
    }

    private SessionEventDecoder() {}

    /** RAND: the two 8-byte seeds the statement's RAND() started from, {@code {seed1, seed2}}. */
    static long[] decodeRand(byte[] body) {
        if (body.length != RAND_BODY_SIZE) {
            throw new UndecodableEventException("Cannot decode RAND event: body is " + body.length + " bytes, not "
                    + RAND_BODY_SIZE + ".");
        }
        EventBodyReader reader = new EventBodyReader(body);
        return new long[] {reader.uLE(8), reader.uLE(8)};
    }

    /**
     * USER_VAR: name length (4), name, is-null (1); unless NULL: value type (1), collation (4), value
     * length (4), value, and for INT_RESULT a flags byte ({@link #UNSIGNED_F}). A DECIMAL value is its
     * precision and scale bytes followed by the binary DECIMAL.
     *
     * @return the variable; its value is null, {@code Long} (signed), {@code BigInteger} (UNSIGNED, of any
     *     size: the signedness is part of the variable's type), {@code Double}, {@code BigDecimal} or
     *     {@code byte[]} (a string, in {@code collation})
     */
    static StatementContext.UserVariable decodeUserVar(byte[] body) {
        EventBodyReader reader = new EventBodyReader(body);
        String name = "?";
        try {
            byte[] nameBytes = reader.bytes(reader.uLE(4));
            name = CollationCharsets.identifier(nameBytes);
            boolean isNull = reader.u8() != 0;
            if (isNull) {
                requireEnd(reader);
                return new StatementContext.UserVariable(name, null, 0);
            }
            int type = reader.u8();
            int collation = (int) reader.uLE(4);
            long length = reader.uLE(4);
            Object value = switch (type) {
                case STRING_RESULT -> reader.bytes(length);
                case REAL_RESULT -> {
                    requireLength(length, 8, "REAL_RESULT");
                    yield Double.longBitsToDouble(reader.uLE(8));
                }
                case INT_RESULT -> {
                    requireLength(length, 8, "INT_RESULT");
                    long raw = reader.uLE(8);
                    int flags = reader.hasRemaining() ? reader.u8() : 0;
                    boolean unsigned = (flags & UNSIGNED_F) != 0;
                    yield unsigned ? new BigInteger(Long.toUnsignedString(raw)) : (Object) raw;
                }
                case DECIMAL_RESULT -> {
                    int precision = reader.u8();
                    int scale = reader.u8();
                    requireLength(length, 2 + BinaryDecimal.size(precision, scale), "DECIMAL_RESULT");
                    yield BinaryDecimal.read(reader, precision, scale);
                }
                default -> throw new IllegalArgumentException("value type " + type + " is not STRING, REAL, INT or DECIMAL");
            };
            requireEnd(reader);
            return new StatementContext.UserVariable(name, value, collation);
        } catch (IllegalArgumentException | UndecodableEventException e) {
            throw new UndecodableEventException("Cannot decode USER_VAR event for @" + name + ": " + e.getMessage() + ".",
                    e);
        }
    }

    /**
     * MARIADB_GTID: sequence (8), domain id (4), flags (1), then the commit id (8) if
     * {@link MariadbGtid#FL_GROUP_COMMIT_ID} is set, else 6 reserved bytes. What may follow (an XA XID, extra
     * flags of newer servers) does not change these four fields and is not read.
     */
    static MariadbGtid decodeMariadbGtid(byte[] body) {
        EventBodyReader reader = new EventBodyReader(body);
        try {
            long sequence = reader.uLE(8);
            long domainId = reader.uLE(4);
            int flags = reader.u8();
            long commitId = (flags & MariadbGtid.FL_GROUP_COMMIT_ID) != 0 ? reader.uLE(8) : 0;
            if (sequence < 0) {
                throw new IllegalArgumentException("sequence number " + Long.toUnsignedString(sequence)
                        + " is beyond what tandem can store");
            }
            return new MariadbGtid(sequence, domainId, flags, commitId);
        } catch (IllegalArgumentException e) {
            throw new UndecodableEventException("Cannot decode MARIADB_GTID event (" + body.length + " bytes, at least "
                    + GTID_FIXED_SIZE + " expected): " + e.getMessage() + ".", e);
        }
    }

    private static void requireLength(long length, int expected, String type) {
        if (length != expected) {
            throw new IllegalArgumentException(type + " value is " + length + " bytes, not " + expected);
        }
    }

    private static void requireEnd(EventBodyReader reader) {
        if (reader.hasRemaining()) {
            throw new IllegalArgumentException(reader.remaining() + " bytes left over at offset " + reader.position());
        }
    }
}
