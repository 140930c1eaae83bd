package io.tandem.cli;

import java.time.Duration;
import java.util.Locale;

/** How the command line prints lag, sizes, rates and times left for people; {@code -} for what is unknown. */
final class HumanUnits {

    private static final String[] BINARY_UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB"};

    private HumanUnits() {}

    /**
     * Lag as an operator reads it: milliseconds below a minute ({@code 0.012s}, {@code 41.500s}), then minutes and
     * seconds ({@code 3m12s}), hours and minutes ({@code 2h05m}), days and hours ({@code 3d04h}).
     */
    static String lag(Double seconds) {
        if (seconds == null) {
            return "-";
        }
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.3fs", seconds);
        }
        long whole = (long) Math.floor(seconds);
        if (whole < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", whole / 60, whole % 60);
        }
        if (whole < 86_400) {
            return String.format(Locale.ROOT, "%dh%02dm", whole / 3600, whole % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", whole / 86_400, whole % 86_400 / 3600);
    }

    /** A length of time as given on a command line: {@code 500ms}, {@code 30s}, else as {@link #lag}. */
    static String duration(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis % 1000 == 0 && millis < 60_000) {
            return millis / 1000 + "s";
        }
        return lag(millis / 1000.0);
    }

    /** Bytes in binary units with one decimal: {@code 0 B}, {@code 812 B}, {@code 1.5 KiB}, {@code 12.4 MiB}. */
    static String bytes(Long bytes) {
        if (bytes == null) {
            return "-";
        }
        return bytes((double) bytes);
    }

    static String bytes(double bytes) {
        if (Math.abs(bytes) < 1024) {
            return String.format(Locale.ROOT, "%d B", Math.round(bytes));
        }
        double value = bytes;
        int unit = -1;
        while (Math.abs(value) >= 1024 && unit < BINARY_UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, BINARY_UNITS[unit]);
    }

    /** A time left as a clock reads: {@code 0:42}, {@code 12:05}, {@code 1:02:03}. */
    static String clock(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds % 3600 / 60, seconds % 60);
    }
}
