package io.tandem.replicator.event;

import java.util.BitSet;
import java.util.List;

/**
 * The decoded rows of one row event. Values per column, as the applier binds them:
 * <ul>
 *   <li>null for SQL NULL, and for columns absent from the image (see {@code columnsBefore/After});
 *   <li>{@code Long} for integers, YEAR (0 for 0000), ENUM (1-based index), SET (bit mask) and BIT up to 63 bits;
 *       {@code java.math.BigInteger} for BIGINT UNSIGNED and BIT(64) values above {@link Long#MAX_VALUE};
 *   <li>{@code java.math.BigDecimal} for DECIMAL, {@code Float} for FLOAT, {@code Double} for DOUBLE;
 *   <li>{@code String} literals for temporal types: {@code 2024-02-29}, {@code -838:59:59.000000},
 *       {@code 2024-02-29 23:59:59.999999}; TIMESTAMP as UTC wall clock, to be applied with
 *       {@code time_zone='+00:00'}; zero dates as {@code 0000-00-00 00:00:00};
 *   <li>{@code byte[]} for every string and binary type (CHAR, VARCHAR, TEXT, BINARY, BLOB, JSON, GEOMETRY),
 *       in the column's own charset, exactly as stored.
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
