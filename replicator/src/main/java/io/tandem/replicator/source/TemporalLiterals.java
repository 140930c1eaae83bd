package io.tandem.replicator.source;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Turns the binlog's temporal encodings into the SQL literals {@link io.tandem.replicator.event.RowImages}
 * promises, formatted as {@code CAST(column AS CHAR)} prints them: as many fraction digits as the
 * column's precision, zero dates kept as zeros, TIME signed and beyond 24 hours.
 *
 * <p>The library is not used for any of this: it ignores the sign of TIME (trap 7), turns YEAR 0000 into
 * 1900 (trap 8) and cannot represent zero dates.
 *
 * <p>Every method rejects field values no server writes (minute 61, month 13, a fraction with more
 * digits than the column has) with {@link IllegalArgumentException}: in a misaligned row those are
 * usually the first sign that the bytes are not what the table map says.
 */
final class TemporalLiterals {

    private static final int MAX_TIME_HOURS = 838;
    private static final long MICROS_PER_SECOND = 1_000_000;
    private static final long[] MICROS_PER_DIGIT = {1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

    private TemporalLiterals() {}

    /** DATE: 3 bytes little-endian, {@code year << 9 | month << 5 | day}. */
    static String date(long packed) {
        long day = packed & 31;
        long month = (packed >> 5) & 15;
        long year = packed >> 9;
        requireDate(year, month, day);
        return String.format("%04d-%02d-%02d", year, month, day);
    }

    /**
     * TIME2 (MySQL 5.6 format, also MariaDB's default): {@code packed} is the signed value
     * {@code (hour << 12 | minute << 6 | second) << 24 | microseconds}; negative times are its two's
     * complement.
     */
    static String time2(long packed, int fsp) {
        boolean negative = packed < 0;
        long magnitude = Math.abs(packed);
        long micros = magnitude & 0xFF_FFFF;
        long hms = magnitude >> 24;
        long hour = (hms >> 12) & 0x3FF;
        long minute = (hms >> 6) & 0x3F;
        long second = hms & 0x3F;
        if (hms >> 22 != 0) {
            throw new IllegalArgumentException("TIME2 value 0x" + Long.toHexString(packed) + " has bits beyond the hour");
        }
        requireTime(hour, minute, second);
        return (negative ? "-" : "") + String.format("%02d:%02d:%02d", hour, minute, second) + fraction(micros, fsp);
    }

    /** Old TIME (before MySQL 5.6): a signed 3-byte integer {@code ±(hour * 10000 + minute * 100 + second)}. */
    static String oldTime(long value) {
        long magnitude = Math.abs(value);
        long hour = magnitude / 10000;
        long minute = magnitude / 100 % 100;
        long second = magnitude % 100;
        requireTime(hour, minute, second);
        return (value < 0 ? "-" : "") + String.format("%02d:%02d:%02d", hour, minute, second);
    }

    /**
     * DATETIME2: {@code packed} is {@code ((year * 13 + month) << 5 | day) << 17 | hour << 12 | minute << 6 | second}
     * (the stored value minus its 0x8000000000 offset).
     */
    static String datetime2(long packed, long micros, int fsp) {
        if (packed < 0) {
            throw new IllegalArgumentException("DATETIME2 value before year 0: " + packed);
        }
        long ymd = packed >> 17;
        long yearMonth = ymd >> 5;
        long hms = packed & 0x1FFFF;
        return dateTime(yearMonth / 13, yearMonth % 13, ymd & 31, hms >> 12, (hms >> 6) & 0x3F, hms & 0x3F)
                + fraction(micros, fsp);
    }

    /** Old DATETIME: an 8-byte integer {@code YYYYMMDDhhmmss}. */
    static String oldDatetime(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative DATETIME value " + value);
        }
        long date = value / 1_000_000;
        long time = value % 1_000_000;
        return dateTime(date / 10000, date / 100 % 100, date % 100, time / 10000, time / 100 % 100, time % 100);
    }

    /**
     * TIMESTAMP and TIMESTAMP2: seconds since the epoch, shown as UTC wall-clock time (to be applied
     * with {@code time_zone='+00:00'}). Exactly 0 is the zero timestamp {@code 0000-00-00 00:00:00}; second 0
     * with a fraction is a real instant, which MariaDB stores and shows as {@code 1970-01-01 00:00:00.1}.
     */
    static String timestamp(long epochSeconds, long micros, int fsp) {
        if (epochSeconds == 0 && micros == 0) {
            return "0000-00-00 00:00:00" + fraction(0, fsp);
        }
        LocalDateTime utc = LocalDateTime.ofEpochSecond(epochSeconds, 0, ZoneOffset.UTC);
        return dateTime(utc.getYear(), utc.getMonthValue(), utc.getDayOfMonth(), utc.getHour(), utc.getMinute(),
                utc.getSecond()) + fraction(micros, fsp);
    }

    /** {@code .ffffff} cut to {@code fsp} digits; empty for fsp 0. The dropped digits must be zero. */
    static String fraction(long micros, int fsp) {
        if (fsp < 0 || fsp > 6) {
            throw new IllegalArgumentException("fractional second precision " + fsp + " is not 0..6");
        }
        if (micros < 0 || micros >= MICROS_PER_SECOND) {
            throw new IllegalArgumentException("fraction of " + micros + " microseconds is not below one second");
        }
        long unit = MICROS_PER_DIGIT[fsp];
        if (micros % unit != 0) {
            throw new IllegalArgumentException("fraction ." + String.format("%06d", micros) + " has more than " + fsp
                    + " digits");
        }
        return fsp == 0 ? "" : "." + String.format("%06d", micros).substring(0, fsp);
    }

    private static String dateTime(long year, long month, long day, long hour, long minute, long second) {
        requireDate(year, month, day);
        if (hour > 23 || minute > 59 || second > 59) {
            throw new IllegalArgumentException("impossible time of day " + hour + ":" + minute + ":" + second);
        }
        return String.format("%04d-%02d-%02d %02d:%02d:%02d", year, month, day, hour, minute, second);
    }

    // Zero parts are legal: NO_ZERO_DATE / NO_ZERO_IN_DATE are off by default, and '2024-00-00' is storable.
    private static void requireDate(long year, long month, long day) {
        if (year > 9999 || month > 12 || day > 31) {
            throw new IllegalArgumentException("impossible date " + year + "-" + month + "-" + day);
        }
    }

    private static void requireTime(long hour, long minute, long second) {
        if (hour > MAX_TIME_HOURS || minute > 59 || second > 59) {
            throw new IllegalArgumentException("impossible TIME " + hour + ":" + minute + ":" + second);
        }
    }
}
