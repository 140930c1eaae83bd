package io.tandem.replicator.schema;

/**
 * Column type codes as the binlog's TABLE_MAP event writes them ({@code enum_field_types} in the
 * server's {@code mysql_com.h}). ENUM and SET columns appear as {@link #STRING} with the real type
 * in the first metadata byte.
 */
public enum ColumnType {
    DECIMAL(0), TINY(1), SHORT(2), LONG(3), FLOAT(4), DOUBLE(5), NULL(6), TIMESTAMP(7), LONGLONG(8), INT24(9),
    DATE(10), TIME(11), DATETIME(12), YEAR(13), NEWDATE(14), VARCHAR(15), BIT(16), TIMESTAMP2(17), DATETIME2(18),
    TIME2(19), JSON(245), NEWDECIMAL(246), ENUM(247), SET(248), TINY_BLOB(249), MEDIUM_BLOB(250), LONG_BLOB(251),
    BLOB(252), VAR_STRING(253), STRING(254), GEOMETRY(255);

    private static final ColumnType[] BY_CODE = new ColumnType[256];

    static {
        for (ColumnType type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    private final int code;

    ColumnType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type for a TABLE_MAP code; throws for codes no server version writes. */
    public static ColumnType ofCode(int code) {
        ColumnType type = code >= 0 && code < 256 ? BY_CODE[code] : null;
        if (type == null) {
            throw new IllegalArgumentException("unknown column type code " + code + " in TABLE_MAP");
        }
        return type;
    }

    /**
     * Whether the TABLE_MAP signedness bitmap has a bit for this type. Verified on MariaDB 10.11: YEAR has
     * one (always set: YEAR is an unsigned TINYINT inside the server) and BIT has none. MySQL 8's
     * {@code is_numeric_type} does not list YEAR; what a MySQL TABLE_MAP writes for YEAR is unverified.
     */
    public boolean hasSignedness() {
        return switch (this) {
            case TINY, SHORT, INT24, LONG, LONGLONG, NEWDECIMAL, DECIMAL, FLOAT, DOUBLE, YEAR -> true;
            default -> false;
        };
    }

    public boolean isInteger() {
        return this == TINY || this == SHORT || this == INT24 || this == LONG || this == LONGLONG;
    }
}
