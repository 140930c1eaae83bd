package io.tandem.replicator.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.replicator.event.BinlogPosition;
import io.tandem.replicator.event.RowChange;
import io.tandem.replicator.event.RowImages;
import io.tandem.replicator.event.RowsChanged;
import io.tandem.replicator.event.TableId;
import io.tandem.replicator.schema.ColumnType;
import io.tandem.replicator.schema.TableMap;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Row bodies built by hand, for the edge cases a test server rarely produces or a decoder easily gets
 * wrong. The encoders below follow the server's writers ({@code my_time_packed_to_binary},
 * {@code decimal2bin}), not the decoder, and golden bytes captured from a MariaDB 10.11.19 binlog pin
 * them to reality.
 */
class RowsEventDecoderTest {

    private static final long TABLE_NUMBER = 42;
    private static final int[] BYTES_FOR_DIGITS = {0, 1, 1, 2, 2, 3, 3, 4, 4, 4};

    @Test
    void decodesNegativeTimeWithEveryFractionalPrecision() {
        assertThat(single(ColumnType.TIME2, 0, time2(true, 1, 2, 3, 0, 0))).isEqualTo("-01:02:03");
        assertThat(single(ColumnType.TIME2, 1, time2(true, 12, 34, 56, 700_000, 1))).isEqualTo("-12:34:56.7");
        assertThat(single(ColumnType.TIME2, 2, time2(true, 0, 0, 0, 10_000, 2))).isEqualTo("-00:00:00.01");
        assertThat(single(ColumnType.TIME2, 3, time2(true, 0, 0, 1, 500_000, 3))).isEqualTo("-00:00:01.500");
        assertThat(single(ColumnType.TIME2, 4, time2(true, 100, 0, 0, 999_900, 4))).isEqualTo("-100:00:00.9999");
        assertThat(single(ColumnType.TIME2, 5, time2(true, 0, 59, 59, 10, 5))).isEqualTo("-00:59:59.00001");
        assertThat(single(ColumnType.TIME2, 6, time2(true, 838, 59, 59, 0, 6))).isEqualTo("-838:59:59.000000");
        assertThat(single(ColumnType.TIME2, 6, time2(true, 838, 59, 59, 999_999, 6))).isEqualTo("-838:59:59.999999");
        assertThat(single(ColumnType.TIME2, 6, time2(false, 838, 59, 59, 999_999, 6))).isEqualTo("838:59:59.999999");
        assertThat(single(ColumnType.TIME2, 0, time2(false, 0, 0, 0, 0, 0))).isEqualTo("00:00:00");
    }

    @Test
    void decodesNegativeTimesOfAWriteRowsBodyCapturedFromMariaDb() {
        // mariadbd 10.11.19: CREATE TABLE d.tt (a TIME, b TIME(3), c TIME(1), d TIME(6), e TIME(6));
        // INSERT INTO d.tt VALUES ('-01:02:03', '-01:02:03.5', '-12:34:56.7', '-838:59:59', '-00:00:00.000001').
        // The null bitmap's unused bits are set (0xE0): they must be ignored.
        byte[] body = hex("200000000000 0100 05 1f e0 7fef7d 7fef7cec78 7f3747ba 4b9105000000 7fffffffffff");
        TableMap table = new TableMap(0x20, new TableId("d", "tt"), new ColumnType[] {ColumnType.TIME2,
                ColumnType.TIME2, ColumnType.TIME2, ColumnType.TIME2, ColumnType.TIME2}, new int[] {0, 3, 1, 6, 6},
                new BitSet(), null, null, null, null);
        RowImages images = RowsEventDecoder.decode(event(RowChange.INSERT, table, body, 1), new boolean[5]);
        assertThat(images.after()).singleElement().satisfies(row -> assertThat(row).containsExactly("-01:02:03",
                "-01:02:03.500", "-12:34:56.7", "-838:59:59.000000", "-00:00:00.000001"));
        assertThat(time2(true, 12, 34, 56, 700_000, 1)).isEqualTo(hex("7f3747ba"));
        assertThat(time2(true, 1, 2, 3, 500_000, 3)).isEqualTo(hex("7fef7cec78"));
    }

    @Test
    void decodesOldTimeAndDatetimeFormats() {
        // The 3-byte signed HHMMSS of the pre-5.6 TIME, as captured: '-01:02:03' is -10203.
        assertThat(single(ColumnType.TIME, 0, hex("25d8ff"))).isEqualTo("-01:02:03");
        assertThat(single(ColumnType.TIME, 0, new BodyBytes().le(8385959, 3).build())).isEqualTo("838:59:59");
        assertThat(single(ColumnType.DATETIME, 0, hex("45ece7335f120000"))).isEqualTo("2020-01-02 03:04:05");
        assertThat(single(ColumnType.DATETIME, 0, new byte[8])).isEqualTo("0000-00-00 00:00:00");
        assertThat(single(ColumnType.TIMESTAMP, 0, hex("a55d0d5e"))).isEqualTo("2020-01-02 03:04:05");
    }

    @Test
    void decodesYearZeroAsZeroAndOtherYearsFrom1900() {
        assertThat(single(ColumnType.YEAR, 0, new byte[] {0})).isEqualTo(0L);
        assertThat(single(ColumnType.YEAR, 0, new byte[] {1})).isEqualTo(1901L);
        assertThat(single(ColumnType.YEAR, 0, new byte[] {(byte) 255})).isEqualTo(2155L);
    }

    @Test
    void decodesBitValuesUpToSixtyFourOnes() {
        int bit64 = 8 << 8;
        assertThat(single(ColumnType.BIT, bit64, hex("ffffffffffffffff")))
                .isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(single(ColumnType.BIT, bit64, hex("7fffffffffffffff"))).isEqualTo(Long.MAX_VALUE);
        assertThat(single(ColumnType.BIT, 1, hex("01"))).isEqualTo(1L);
        assertThat(single(ColumnType.BIT, 1 << 8 | 2, hex("03ff"))).isEqualTo(1023L);
    }

    @Test
    void rejectsBitValueWiderThanItsColumn() {
        assertThatThrownBy(() -> single(ColumnType.BIT, 1, hex("02")))
                .isInstanceOf(UndecodableEventException.class)
                .hasMessageContaining("BIT(1) value 0x2 is wider");
    }

    @Test
    void widensUnsignedIntegersAndKeepsSignedOnesSigned() {
        assertThat(single(ColumnType.LONGLONG, 0, true, hex("ffffffffffffffff")))
                .isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(single(ColumnType.LONGLONG, 0, true, hex("ffffffffffffff7f"))).isEqualTo(Long.MAX_VALUE);
        assertThat(single(ColumnType.LONGLONG, 0, false, hex("ffffffffffffffff"))).isEqualTo(-1L);
        assertThat(single(ColumnType.LONGLONG, 0, false, hex("0000000000000080"))).isEqualTo(Long.MIN_VALUE);
        assertThat(single(ColumnType.LONG, 0, true, hex("ffffffff"))).isEqualTo(4294967295L);
        assertThat(single(ColumnType.LONG, 0, false, hex("00000080"))).isEqualTo(-2147483648L);
        assertThat(single(ColumnType.INT24, 0, true, hex("ffffff"))).isEqualTo(16777215L);
        assertThat(single(ColumnType.INT24, 0, false, hex("000080"))).isEqualTo(-8388608L);
        assertThat(single(ColumnType.SHORT, 0, true, hex("ffff"))).isEqualTo(65535L);
        assertThat(single(ColumnType.SHORT, 0, false, hex("0080"))).isEqualTo(-32768L);
        assertThat(single(ColumnType.TINY, 0, true, hex("ff"))).isEqualTo(255L);
        assertThat(single(ColumnType.TINY, 0, false, hex("80"))).isEqualTo(-128L);
    }

    @Test
    void decodesWidestNegativeDecimalExactly() {
        String value = "-12345678901234567890123456789012345.123456789012345678901234567890";
        int meta = 30 << 8 | 65;
        byte[] encoded = decimal(value, 65, 30);
        assertThat(encoded).hasSize(30);
        assertThat(single(ColumnType.NEWDECIMAL, meta, encoded)).isEqualTo(new BigDecimal(value));
        assertThat(((BigDecimal) single(ColumnType.NEWDECIMAL, meta, decimal("-0.000000000000000000000000000001", 65, 30)))
                .toPlainString()).isEqualTo("-0.000000000000000000000000000001");
        assertThat(((BigDecimal) single(ColumnType.NEWDECIMAL, meta, decimal("0", 65, 30))).toPlainString())
                .isEqualTo("0.000000000000000000000000000000");
    }

    @Test
    void decodesDecimalBytesCapturedFromMariaDb() {
        // -123.45600 as DECIMAL(8,5), from a USER_VAR event of mariadbd 10.11.19.
        assertThat(decimal("-123.45600", 8, 5)).isEqualTo(hex("7f84ff4ddf"));
        assertThat(single(ColumnType.NEWDECIMAL, 5 << 8 | 8, hex("7f84ff4ddf"))).isEqualTo(new BigDecimal("-123.45600"));
    }

    @Test
    void rejectsDecimalGroupWithTooManyDigits() {
        // DECIMAL(2,0): one byte for two digits; 0x80 ^ 0xE4 = 100 does not fit.
        assertThatThrownBy(() -> single(ColumnType.NEWDECIMAL, 2, hex("e4")))
                .isInstanceOf(UndecodableEventException.class)
                .hasMessageContaining("more than 2 digits");
    }

    @Test
    void decodesTemporalLiteralsWithZeroDatesAndUtcTimestamps() {
        assertThat(single(ColumnType.DATE, 0, new BodyBytes().le(2024 << 9 | 2 << 5 | 29, 3).build()))
                .isEqualTo("2024-02-29");
        assertThat(single(ColumnType.DATE, 0, new byte[3])).isEqualTo("0000-00-00");
        assertThat(single(ColumnType.DATETIME2, 6, datetime2(9999, 12, 31, 23, 59, 59, 999_999, 6)))
                .isEqualTo("9999-12-31 23:59:59.999999");
        assertThat(single(ColumnType.DATETIME2, 6, datetime2(0, 0, 0, 0, 0, 0, 0, 6)))
                .isEqualTo("0000-00-00 00:00:00.000000");
        assertThat(single(ColumnType.DATETIME2, 2, datetime2(2024, 2, 29, 1, 2, 3, 120_000, 2)))
                .isEqualTo("2024-02-29 01:02:03.12");
        assertThat(single(ColumnType.TIMESTAMP2, 6, new BodyBytes().be(1_700_000_000, 4).be(123_456, 3).build()))
                .isEqualTo("2023-11-14 22:13:20.123456");
        assertThat(single(ColumnType.TIMESTAMP2, 3, new BodyBytes().be(0, 4).be(0, 2).build()))
                .isEqualTo("0000-00-00 00:00:00.000");
        assertThat(single(ColumnType.TIMESTAMP2, 0, new BodyBytes().be(0xFFFF_FFFFL, 4).build()))
                .isEqualTo("2106-02-07 06:28:15");
    }

    @Test
    void rejectsFractionWithMoreDigitsThanTheColumnHas() {
        // TIMESTAMP(1) holds tenths, stored as hundredths: 0x0C is .12, which TIMESTAMP(1) cannot hold.
        assertThatThrownBy(() -> single(ColumnType.TIMESTAMP2, 1, new BodyBytes().be(1, 4).u8(12).build()))
                .isInstanceOf(UndecodableEventException.class)
                .hasMessageContaining("has more than 1 digits");
    }

    @Test
    void decodesFloatAndDoubleBitExactly() {
        assertThat(single(ColumnType.FLOAT, 4, new BodyBytes().le(Float.floatToIntBits(-0.1f), 4).build()))
                .isEqualTo(-0.1f);
        assertThat(single(ColumnType.DOUBLE, 8, new BodyBytes().le(Double.doubleToLongBits(Double.MAX_VALUE), 8)
                .build())).isEqualTo(Double.MAX_VALUE);
    }

    @Test
    void decodesCharLongerThan255BytesThroughTheStringMetadataTrick() {
        // CHAR(255) utf8mb4 is 1020 bytes: 0x3FC. The high bits 0x300 hide in the type byte: 0xFE ^ 0x30 = 0xCE.
        byte[] value = new byte[1020];
        java.util.Arrays.fill(value, (byte) 'x');
        byte[] encoded = new BodyBytes().le(1020, 2).bytes(value).build();
        assertThat((byte[]) single(ColumnType.STRING, 0xCEFC, encoded)).isEqualTo(value);
        // CHAR(10) latin1: a one-byte length.
        assertThat((byte[]) single(ColumnType.STRING, 0xFE0A, hex("02 00ff"))).isEqualTo(hex("00ff"));
    }

    @Test
    void rejectsStringLongerThanItsColumn() {
        assertThatThrownBy(() -> single(ColumnType.STRING, 0xFE02, hex("03 616263")))
                .isInstanceOf(UndecodableEventException.class)
                .hasMessageContaining("CHAR value of 3 bytes exceeds the column's 2");
        assertThatThrownBy(() -> single(ColumnType.VARCHAR, 2, hex("03 616263")))
                .hasMessageContaining("VARCHAR value of 3 bytes exceeds the column's 2");
    }

    @Test
    void decodesEnumAndSetHiddenInStringType() {
        assertThat(single(ColumnType.STRING, 0xF701, hex("03"))).isEqualTo(3L);
        assertThat(single(ColumnType.STRING, 0xF702, hex("2c01"))).isEqualTo(300L);
        assertThat(single(ColumnType.STRING, 0xF801, hex("05"))).isEqualTo(5L);
        assertThat(single(ColumnType.STRING, 0xF808, hex("ffffffffffffffff")))
                .isEqualTo(new BigInteger("18446744073709551615"));
    }

    @Test
    void decodesVarcharAndBlobsWithTheirLengthPrefixes() {
        assertThat((byte[]) single(ColumnType.VARCHAR, 255, hex("02 00ff"))).isEqualTo(hex("00ff"));
        assertThat((byte[]) single(ColumnType.VARCHAR, 256, hex("0200 00ff"))).isEqualTo(hex("00ff"));
        assertThat((byte[]) single(ColumnType.BLOB, 1, hex("01 ff"))).isEqualTo(hex("ff"));
        assertThat((byte[]) single(ColumnType.BLOB, 4, hex("03000000 f09f98"))).isEqualTo(hex("f09f98"));
        assertThat((byte[]) single(ColumnType.JSON, 4, hex("02000000 0000"))).isEqualTo(hex("0000"));
        assertThat((byte[]) single(ColumnType.GEOMETRY, 4, hex("00000000"))).isEmpty();
    }

    @Test
    void readsNullBitmapOverPresentColumnsOnlyInPartialUpdateImages() {
        // Three INT columns; before-image has columns 0 and 2, after-image only column 1.
        TableMap table = table(new ColumnType[] {ColumnType.LONG, ColumnType.LONG, ColumnType.LONG}, new int[3]);
        byte[] body = header(3).u8(0b101).u8(0b010)
                .u8(0b10).le(7, 4) // before: column 0 = 7, column 2 NULL (second present column)
                .u8(0b0).le(9, 4) // after: column 1 = 9
                .build();
        RowImages images = RowsEventDecoder.decode(event(RowChange.UPDATE, table, body, 1), new boolean[3]);
        assertThat(images.columnsBefore()).isEqualTo(bits(0, 2));
        assertThat(images.columnsAfter()).isEqualTo(bits(1));
        assertThat(images.before()).singleElement().satisfies(row -> assertThat(row).containsExactly(7L, null, null));
        assertThat(images.after()).singleElement().satisfies(row -> assertThat(row).containsExactly(null, 9L, null));
        assertThat(images.rowCount()).isEqualTo(1);
    }

    @Test
    void decodesSeveralRowsAndSkipsTheV2ExtraData() {
        TableMap table = table(new ColumnType[] {ColumnType.TINY}, new int[1]);
        byte[] body = new BodyBytes().le(TABLE_NUMBER, 6).le(1, 2).le(5, 2).hex("aabbcc").u8(1).u8(1)
                .u8(0).u8(1).u8(0).u8(2).u8(1)
                .build();
        RowImages images = RowsEventDecoder.decode(event(RowChange.DELETE, table, body, 2), new boolean[1]);
        assertThat(images.before()).extracting(row -> row[0]).containsExactly(1L, 2L, null);
        assertThat(images.after()).isEmpty();
        assertThat(images.columnsAfter()).isEqualTo(new BitSet());
    }

    @Test
    void rejectsTruncatedBodyNamingTableRowAndColumn() {
        TableMap table = table(new ColumnType[] {ColumnType.LONG, ColumnType.DATETIME2}, new int[] {0, 6},
                List.of("id", "created"));
        byte[] body = header(2).u8(0b11).u8(0).le(1, 4).hex("8000").build();
        assertThatThrownBy(() -> RowsEventDecoder.decode(event(RowChange.INSERT, table, body, 1), new boolean[2]))
                .isInstanceOf(UndecodableEventException.class)
                .hasMessageContaining("WRITE_ROWS v1 for d.t (table id 42) at mysql-bin.000001:4")
                .hasMessageContaining("row 0 after-image, column 1 `created` (DATETIME2, metadata 6)")
                .hasMessageContaining("needs 5 bytes");
    }

    @Test
    void rejectsLeftoverBytesAfterTheLastRow() {
        TableMap table = table(new ColumnType[] {ColumnType.SHORT}, new int[1]);
        byte[] body = header(1).u8(1).u8(0).le(1, 2).u8(0).build();
        assertThatThrownBy(() -> RowsEventDecoder.decode(event(RowChange.INSERT, table, body, 1), new boolean[1]))
                .isInstanceOf(UndecodableEventException.class)
                .hasMessageContaining("row 1 after-image");
    }

    @Test
    void rejectsTypeWhoseWidthIsUnknown() {
        assertThatThrownBy(() -> single(ColumnType.DECIMAL, 0, hex("00")))
                .isInstanceOf(UndecodableEventException.class)
                .hasMessageContaining("type DECIMAL (0) never appears");
    }

    @Test
    void rejectsEventForAnotherTableOrColumnCount() {
        TableMap table = table(new ColumnType[] {ColumnType.TINY}, new int[1]);
        byte[] otherTable = new BodyBytes().le(43, 6).le(0, 2).u8(1).u8(1).u8(0).u8(1).build();
        assertThatThrownBy(() -> RowsEventDecoder.decode(event(RowChange.INSERT, table, otherTable, 1), new boolean[1]))
                .hasMessageContaining("event is for table id 43, table map is for 42");
        byte[] twoColumns = header(2).u8(3).u8(0).u8(1).u8(1).build();
        assertThatThrownBy(() -> RowsEventDecoder.decode(event(RowChange.INSERT, table, twoColumns, 1), new boolean[1]))
                .hasMessageContaining("event has 2 columns, table map has 1");
    }

    @Test
    void rejectsImpossibleTimeFields() {
        // Minute 60 in a TIME2: a misaligned read, not a time.
        long packed = ((1L << 12) | (60L << 6)) << 24;
        assertThatThrownBy(() -> single(ColumnType.TIME2, 0, new BodyBytes().be((packed >> 24) + 0x800000, 3).build()))
                .isInstanceOf(UndecodableEventException.class)
                .hasMessageContaining("impossible TIME 1:60:0");
    }

    // --- fixtures ------------------------------------------------------------------------------

    private static Object single(ColumnType type, int meta, byte[] value) {
        return single(type, meta, false, value);
    }

    private static Object single(ColumnType type, int meta, boolean unsigned, byte[] value) {
        TableMap table = table(new ColumnType[] {type}, new int[] {meta});
        byte[] body = header(1).u8(1).u8(0).bytes(value).build();
        RowImages images = RowsEventDecoder.decode(event(RowChange.INSERT, table, body, 1), new boolean[] {unsigned});
        assertThat(images.after()).hasSize(1);
        return images.after().getFirst()[0];
    }

    private static BodyBytes header(int columns) {
        return new BodyBytes().le(TABLE_NUMBER, 6).le(1, 2).u8(columns);
    }

    private static TableMap table(ColumnType[] types, int[] metadata) {
        return table(types, metadata, null);
    }

    private static TableMap table(ColumnType[] types, int[] metadata, List<String> names) {
        BitSet nullable = new BitSet();
        nullable.set(0, types.length);
        return new TableMap(TABLE_NUMBER, new TableId("d", "t"), types, metadata, nullable, names, null, null, null);
    }

    private static RowsChanged event(RowChange kind, TableMap table, byte[] body, int version) {
        return new RowsChanged(new BinlogPosition("mysql-bin.000001", 4), kind, table, RowsChanged.STMT_END, body,
                version, 100);
    }

    private static BitSet bits(int... indexes) {
        BitSet set = new BitSet();
        for (int index : indexes) {
            set.set(index);
        }
        return set;
    }

    private static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replace(" ", ""));
    }

    /** TIME2 as the server's my_time_packed_to_binary writes it (C's >> floors, % truncates). */
    private static byte[] time2(boolean negative, int hour, int minute, int second, int micros, int fsp) {
        long packed = ((((long) hour << 12) | ((long) minute << 6) | second) << 24) + micros;
        if (negative) {
            packed = -packed;
        }
        long integerPart = packed >> 24;
        long fractionPart = packed % (1L << 24);
        BodyBytes bytes = new BodyBytes();
        switch (fsp) {
            case 0 -> bytes.be(integerPart + 0x800000, 3);
            case 1, 2 -> bytes.be(integerPart + 0x800000, 3).u8((int) (fractionPart / 10_000) & 0xFF);
            case 3, 4 -> bytes.be(integerPart + 0x800000, 3).be((fractionPart / 100) & 0xFFFF, 2);
            default -> bytes.be(packed + 0x8000_0000_0000L, 6);
        }
        return bytes.build();
    }

    /** DATETIME2 as the server's my_datetime_packed_to_binary writes it. */
    private static byte[] datetime2(int year, int month, int day, int hour, int minute, int second, int micros,
            int fsp) {
        long yearMonth = year * 13L + month;
        long packed = ((yearMonth << 5 | day) << 17) | ((long) hour << 12) | ((long) minute << 6) | second;
        BodyBytes bytes = new BodyBytes().be(packed + 0x80_0000_0000L, 5);
        switch (fsp) {
            case 0 -> {}
            case 1, 2 -> bytes.u8(micros / 10_000);
            case 3, 4 -> bytes.be(micros / 100, 2);
            default -> bytes.be(micros, 3);
        }
        return bytes.build();
    }

    /** The server's decimal2bin: groups of nine digits in four bytes, sign bit flipped, negatives inverted. */
    private static byte[] decimal(String value, int precision, int scale) {
        boolean negative = value.startsWith("-");
        String[] parts = (negative ? value.substring(1) : value).split("\\.");
        int integerDigits = precision - scale;
        String integer = "0".repeat(integerDigits - parts[0].length()) + parts[0];
        String fraction = parts.length > 1 ? parts[1] : "";
        fraction = fraction + "0".repeat(scale - fraction.length());
        BodyBytes bytes = new BodyBytes();
        int lead = integerDigits % 9;
        if (lead > 0) {
            bytes.be(Long.parseLong(integer.substring(0, lead)), BYTES_FOR_DIGITS[lead]);
        }
        for (int i = lead; i < integerDigits; i += 9) {
            bytes.be(Long.parseLong(integer.substring(i, i + 9)), 4);
        }
        int fullFraction = scale / 9 * 9;
        for (int i = 0; i < fullFraction; i += 9) {
            bytes.be(Long.parseLong(fraction.substring(i, i + 9)), 4);
        }
        if (scale % 9 > 0) {
            bytes.be(Long.parseLong(fraction.substring(fullFraction)), BYTES_FOR_DIGITS[scale % 9]);
        }
        byte[] encoded = bytes.build();
        encoded[0] ^= (byte) 0x80;
        if (negative) {
            for (int i = 0; i < encoded.length; i++) {
                encoded[i] ^= (byte) 0xFF;
            }
        }
        return encoded;
    }
}
