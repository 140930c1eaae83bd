package io.tandem.replicator.event;

import java.util.BitSet;
import java.util.List;

/**
 * The decoded rows of one row event. Values per column, as the applier binds them:
 * <ul>
 *   <li>null for SQL NULL, and for columns absent from the image (see {@code columnsBefore/After});
 *   <li>{@code Long} for integers, YEAR (0 for 0000), ENUM (1-based index, 0 for the invalid '' value),
 *       SET (bit mask) and BIT; {@code java.math.BigInteger} only for an unsigned 64-bit value above
 *       {@link Long#MAX_VALUE} (BIGINT UNSIGNED, BIT(64), a SET with 64 members), {@code Long} below it;
 *   <li>{@code java.math.BigDecimal} for DECIMAL, with the column's scale; {@code Float} for FLOAT,
 *       {@code Double} for DOUBLE;
 *   <li>{@code String} literals for temporal types, as {@code CAST(column AS CHAR)} prints them, with as
 *       many fraction digits as the column's precision: {@code 2024-02-29}, {@code -838:59:59.000000},
 *       {@code 2024-02-29 23:59:59.999999}; TIMESTAMP as UTC wall clock, to be applied with
 *       {@code time_zone='+00:00'}; zero dates as {@code 0000-00-00 00:00:00};
 *   <li>{@code byte[]} for every string and binary type (CHAR, VARCHAR, TEXT, BINARY, BLOB, JSON, GEOMETRY,
 *       INET6, UUID), in the column's own charset, exactly as the binlog carries them. CHAR and BINARY
 *       arrive without their trailing pad (spaces, 0x00 bytes): the master strips it when logging and the
 *       target pads again on insert. MariaDB's JSON is text; MySQL's JSON (type 245) is MySQL's binary
 *       JSON format, passed on raw.
 * </ul>
 *
 * @param kind insert, update or delete
 * @param before before-images (update, delete), empty for insert
 * @param after after-images (insert, update), empty for delete
 * @param columnsBefore columns present in before-images
 * @param columnsAfter columns present in after-images
 */
public record RowImages(
        RowChange kind, List<Object[]> before, List<Object[]> after, BitSet columnsBefore, BitSet columnsAfter) {

    public int rowCount() {
        return kind == RowChange.INSERT ? after.size() : before.size();
    }
}
