package io.tandem.replicator.source;

import io.tandem.replicator.event.RowChange;
import io.tandem.replicator.event.RowImages;
import io.tandem.replicator.event.RowsChanged;
import io.tandem.replicator.schema.ColumnType;
import io.tandem.replicator.schema.TableMap;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Decodes a row event's raw body into {@link RowImages}, exactly or not at all.
 *
 * <p>Layout: table id (6 bytes), flags (2); for v2 events (MySQL) an extra-data block whose 2-byte
 * length counts itself; the column count (packed integer); the columns-present bitmap of the
 * before-image (delete, update) or after-image (insert); for updates a second bitmap for the
 * after-image. Then rows to the end of the body: per image a null bitmap with one bit per
 * <em>present</em> column, then the values of the present, non-null columns in column order. An
 * update row is a before-image followed by an after-image.
 *
 * <p>Values are read by the TABLE_MAP's type and metadata (as the library read them). There is no
 * length per value, so a wrong width misreads everything after it: the decoder therefore checks
 * everything it can (table id, column count, value ranges, lengths against declared maxima, no
 * leftover bytes) and throws {@link UndecodableEventException} naming the table, row and column
 * rather than return a guess.
 *
 * <p>Not decodable from the binlog alone: MariaDB 5.3-format TIME/DATETIME/TIMESTAMP columns with
 * fractional seconds (tables created with {@code mysql56_temporal_format=OFF} or before MariaDB 10.1;
 * {@code SHOW CREATE TABLE} adds a "mariadb-5.3" comment to them). The server writes them as the old
 * types 11/12/7 without metadata but stores extra fraction bytes, so the width is unknowable; the range
 * checks of the old formats and the leftover-bytes check catch such rows in practice, not by proof.
 * The source should refuse those tables up front from information_schema.
 */
final class RowsEventDecoder {

    private static final int TABLE_ID_SIZE = 6;
    private static final int FLAGS_SIZE = 2;

    private final RowsChanged event;
    private final TableMap table;
    private final boolean[] unsignedByColumn;
    private final EventBodyReader reader;
    private String where = "header";

    private RowsEventDecoder(RowsChanged event, boolean[] unsignedByColumn) {
        this.event = event;
        this.table = event.table();
        this.unsignedByColumn = unsignedByColumn;
        this.reader = new EventBodyReader(event.body());
    }

    /**
     * Decodes every row of {@code event}.
     *
     * @param unsignedByColumn per column, whether an integer column is UNSIGNED (ignored for other types);
     *     from the TABLE_MAP's signedness or from information_schema
     * @throws UndecodableEventException if the body does not decode exactly against its table map
     */
    static RowImages decode(RowsChanged event, boolean[] unsignedByColumn) {
        return new RowsEventDecoder(event, unsignedByColumn).decode();
    }

    private RowImages decode() {
        try {
            return decodeBody();
        } catch (IllegalArgumentException e) {
            throw failure(e.getMessage());
        }
    }

    private RowImages decodeBody() {
        if (event.version() != 1 && event.version() != 2) {
            throw failure("row event version " + event.version() + " is neither 1 (MariaDB) nor 2 (MySQL)");
        }
        int columnCount = table.columnCount();
        if (unsignedByColumn.length != columnCount) {
            throw failure("signedness given for " + unsignedByColumn.length + " columns, table map has " + columnCount);
        }
        long tableNumber = reader.uLE(TABLE_ID_SIZE);
        if (tableNumber != table.tableNumber()) {
            throw failure("event is for table id " + tableNumber + ", table map is for " + table.tableNumber());
        }
        reader.skip(FLAGS_SIZE);
        if (event.version() == 2) {
            int extraLength = (int) reader.uLE(2);
            if (extraLength < 2) {
                throw failure("v2 extra-data length " + extraLength + " is shorter than its own 2 bytes");
            }
            reader.skip(extraLength - 2);
        }
        long eventColumns = reader.packedInteger();
        if (eventColumns != columnCount) {
            throw failure("event has " + eventColumns + " columns, table map has " + columnCount);
        }
        RowChange kind = event.kind();
        BitSet firstImageColumns = reader.bitmap(columnCount);
        BitSet afterColumns = kind == RowChange.UPDATE ? reader.bitmap(columnCount) : null;
        BitSet columnsBefore = kind == RowChange.INSERT ? new BitSet() : firstImageColumns;
        BitSet columnsAfter = switch (kind) {
            case INSERT -> firstImageColumns;
            case UPDATE -> afterColumns;
            case DELETE -> new BitSet();
        };
        List<Object[]> before = new ArrayList<>();
        List<Object[]> after = new ArrayList<>();
        int row = 0;
        while (reader.hasRemaining()) {
            int rowStart = reader.position();
            switch (kind) {
                case INSERT -> after.add(readImage(row, "after-image", columnsAfter));
                case DELETE -> before.add(readImage(row, "before-image", columnsBefore));
                case UPDATE -> {
                    before.add(readImage(row, "before-image", columnsBefore));
                    after.add(readImage(row, "after-image", columnsAfter));
                }
            }
            if (reader.position() == rowStart) {
                // No column is present in any image: rows take no bytes, so nothing may be left over.
                where = "after row " + row;
                throw failure(reader.remaining() + " bytes left over, but rows without columns take none");
            }
            row++;
        }
        return new RowImages(kind, List.copyOf(before), List.copyOf(after), columnsBefore, columnsAfter);
    }

    private Object[] readImage(int row, String image, BitSet present) {
        where = "row " + row + " " + image + " null bitmap";
        BitSet nulls = reader.bitmap(present.cardinality());
        Object[] values = new Object[table.columnCount()];
        int presentOrdinal = 0;
        for (int column = present.nextSetBit(0); column >= 0; column = present.nextSetBit(column + 1)) {
            boolean isNull = nulls.get(presentOrdinal++);
            if (!isNull) {
                where = "row " + row + " " + image + ", " + describeColumn(column);
                values[column] = readValue(column);
            }
        }
        return values;
    }

    private Object readValue(int column) {
        ColumnType type = table.types()[column];
        int meta = table.metadata()[column];
        return switch (type) {
            case TINY -> integer(column, 1);
            case SHORT -> integer(column, 2);
            case INT24 -> integer(column, 3);
            case LONG -> integer(column, 4);
            case LONGLONG -> integer(column, 8);
            case FLOAT -> {
                requireMetadata(meta == 4, meta, "FLOAT is 4 bytes");
                yield Float.intBitsToFloat((int) reader.uLE(4));
            }
            case DOUBLE -> {
                requireMetadata(meta == 8, meta, "DOUBLE is 8 bytes");
                yield Double.longBitsToDouble(reader.uLE(8));
            }
            // NEWDECIMAL metadata is precision then scale, read little-endian by the library.
            case NEWDECIMAL -> BinaryDecimal.read(reader, meta & 0xFF, meta >> 8);
            case YEAR -> {
                long stored = reader.uLE(1);
                // Year 0000 is stored as 0; every other year as year - 1900 (the library says 1900 for both).
                yield stored == 0 ? 0L : 1900 + stored;
            }
            case DATE, NEWDATE -> TemporalLiterals.date(reader.uLE(3));
            case TIME -> TemporalLiterals.oldTime(reader.sLE(3));
            case TIME2 -> time2(fsp(meta));
            case DATETIME -> TemporalLiterals.oldDatetime(reader.uLE(8));
            case DATETIME2 -> {
                int fsp = fsp(meta);
                long packed = reader.uBE(5) - 0x80_0000_0000L;
                yield TemporalLiterals.datetime2(packed, fractionMicros(fsp), fsp);
            }
            case TIMESTAMP -> TemporalLiterals.timestamp(reader.uLE(4), 0, 0);
            case TIMESTAMP2 -> {
                int fsp = fsp(meta);
                long seconds = reader.uBE(4);
                yield TemporalLiterals.timestamp(seconds, fractionMicros(fsp), fsp);
            }
            case BIT -> bit(meta);
            case VARCHAR -> {
                requireMetadata(meta > 0, meta, "VARCHAR needs a maximum length");
                long length = meta < 256 ? reader.u8() : reader.uLE(2);
                requireWithin(length, meta, "VARCHAR");
                yield reader.bytes(length);
            }
            case STRING -> fixedString(meta);
            case ENUM, SET -> enumOrSet(type, meta & 0xFF);
            case BLOB, GEOMETRY, JSON -> {
                // Metadata is the size of the length prefix: 1 (TINYBLOB) to 4 (LONGBLOB, JSON, GEOMETRY).
                // MySQL's JSON (type 245) arrives in MySQL's binary JSON format, passed on raw.
                requireMetadata(meta >= 1 && meta <= 4, meta, "length prefix must be 1 to 4 bytes");
                yield reader.bytes(reader.uLE(meta));
            }
            case DECIMAL, NULL, VAR_STRING, TINY_BLOB, MEDIUM_BLOB, LONG_BLOB -> throw new IllegalArgumentException(
                    "type " + type + " (" + type.code() + ") never appears in a MySQL 5.1+ or MariaDB row event;"
                            + " its width is unknown");
        };
    }

    private Object integer(int column, int size) {
        if (!unsignedByColumn[column]) {
            return reader.sLE(size);
        }
        long value = reader.uLE(size);
        // An 8-byte unsigned value above Long.MAX_VALUE has its top bit set: widen it (trap 6).
        return value < 0 ? new BigInteger(Long.toUnsignedString(value)) : value;
    }

    private String time2(int fsp) {
        long integerPart = reader.uBE(3) - 0x80_0000L;
        int fractionBytes = (fsp + 1) / 2;
        long fraction = reader.uBE(fractionBytes);
        // A negative TIME2 stores integer and fraction parts as one two's complement number: borrow the
        // fraction from the integer part, as the server's my_time_packed_from_binary does.
        if (integerPart < 0 && fraction != 0) {
            integerPart++;
            fraction -= 1L << (8 * fractionBytes);
        }
        long micros = switch (fractionBytes) {
            case 0 -> 0;
            case 1 -> fraction * 10_000;
            case 2 -> fraction * 100;
            default -> fraction;
        };
        return TemporalLiterals.time2((integerPart << 24) + micros, fsp);
    }

    /** The fraction bytes after DATETIME2 / TIMESTAMP2, in microseconds: 1, 2 or 3 bytes for 2, 4, 6 digits. */
    private long fractionMicros(int fsp) {
        return switch ((fsp + 1) / 2) {
            case 0 -> 0;
            case 1 -> reader.uBE(1) * 10_000;
            case 2 -> reader.uBE(2) * 100;
            default -> reader.uBE(3);
        };
    }

    private Object bit(int meta) {
        // Metadata: low byte = bits beyond whole bytes, high byte = whole bytes.
        int extraBits = meta & 0xFF;
        int wholeBytes = meta >> 8;
        int bits = wholeBytes * 8 + extraBits;
        requireMetadata(extraBits < 8 && bits >= 1 && bits <= 64, meta, "BIT is 1 to 64 bits");
        long value = reader.uBE(wholeBytes + (extraBits > 0 ? 1 : 0));
        if (bits < 64 && value >>> bits != 0) {
            throw new IllegalArgumentException("BIT(" + bits + ") value 0x" + Long.toHexString(value) + " is wider");
        }
        return value < 0 ? new BigInteger(Long.toUnsignedString(value)) : (Object) value;
    }

    /**
     * CHAR/BINARY, and ENUM/SET in disguise. The metadata (big-endian, as the library reads it) holds the
     * real type in the high byte and the length in the low byte. A CHAR longer than 255 bytes (CHAR(255)
     * utf8mb4 is 1020) keeps the two high bits of its length in bits 4-5 of the type byte, inverted.
     */
    private Object fixedString(int meta) {
        int typeByte = meta >> 8;
        int lowByte = meta & 0xFF;
        int realType;
        int maxLength;
        if ((typeByte & 0x30) != 0x30) {
            maxLength = lowByte | (((typeByte & 0x30) ^ 0x30) << 4);
            realType = typeByte | 0x30;
        } else {
            maxLength = lowByte;
            realType = typeByte;
        }
        if (realType == ColumnType.ENUM.code()) {
            return enumOrSet(ColumnType.ENUM, maxLength);
        }
        if (realType == ColumnType.SET.code()) {
            return enumOrSet(ColumnType.SET, maxLength);
        }
        if (realType != ColumnType.STRING.code()) {
            throw new IllegalArgumentException("STRING metadata 0x" + Integer.toHexString(meta) + " names real type "
                    + realType + ", not STRING, ENUM or SET");
        }
        long length = maxLength > 255 ? reader.uLE(2) : reader.u8();
        requireWithin(length, maxLength, "CHAR");
        return reader.bytes(length);
    }

    /** ENUM: the 1-based index in 1 or 2 bytes. SET: the member bit mask in 1 to 8 bytes. */
    private Object enumOrSet(ColumnType type, int packLength) {
        boolean valid = type == ColumnType.ENUM ? packLength == 1 || packLength == 2 : packLength >= 1 && packLength <= 8;
        if (!valid) {
            throw new IllegalArgumentException(type + " cannot be " + packLength + " bytes wide");
        }
        long value = reader.uLE(packLength);
        return value < 0 ? new BigInteger(Long.toUnsignedString(value)) : (Object) value;
    }

    private int fsp(int meta) {
        requireMetadata(meta >= 0 && meta <= 6, meta, "fractional second precision is 0 to 6");
        return meta;
    }

    private static void requireMetadata(boolean valid, int meta, String rule) {
        if (!valid) {
            throw new IllegalArgumentException("table map metadata " + meta + " is impossible: " + rule);
        }
    }

    private static void requireWithin(long length, int maxLength, String type) {
        if (length > maxLength) {
            throw new IllegalArgumentException(type + " value of " + length + " bytes exceeds the column's " + maxLength);
        }
    }

    private String describeColumn(int column) {
        String name = table.hasColumnNames() ? " `" + table.columnNames().get(column) + "`" : "";
        return "column " + column + name + " (" + table.types()[column] + ", metadata " + table.metadata()[column] + ")";
    }

    private UndecodableEventException failure(String what) {
        String eventName = switch (event.kind()) {
            case INSERT -> "WRITE_ROWS";
            case UPDATE -> "UPDATE_ROWS";
            case DELETE -> "DELETE_ROWS";
        };
        return new UndecodableEventException("Cannot decode " + eventName + " v" + event.version() + " for "
                + table.table() + " (table id " + table.tableNumber() + ") at " + event.at() + ": " + where + ": "
                + what + ". Nothing of this event was used.");
    }
}
