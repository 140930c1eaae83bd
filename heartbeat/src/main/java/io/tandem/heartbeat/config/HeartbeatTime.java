package io.tandem.heartbeat.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * heartbeat's time syntax, used by {@code keepalive}, {@code deadtime}, {@code warntime}, {@code initdead},
 * {@code deadping} and {@code conn_logd_time}: a plain number is seconds and may have a fraction ({@code 2},
 * {@code 0.5}, {@code .25}); {@code ms}/{@code msec} and {@code us}/{@code usec} (any case) mark milliseconds and
 * microseconds ({@code 500ms}, {@code 250000us}). Like heartbeat 3.0.6 ({@code get_msec} in {@code config.c}) the
 * value is rounded half up to whole milliseconds, so {@code 499us} is 0 and {@code 501us} is 1 ms.
 *
 * <p>{@code 30s} is invalid in heartbeat and here: it knows no unit {@code s}. Unlike heartbeat, which reads the
 * number with {@code atof} and ignores what follows {@code ms}, trailing text ({@code 1.2.3}, {@code 10msec2}) is
 * refused rather than silently cut.
 */
public final class HeartbeatTime {

    /** The accepted forms, for messages. */
    public static final String ACCEPTED_FORMS =
            "write seconds as a plain number (2, 0.5) or add ms or us (500ms, 250000us)";

    private static final Pattern TIME =
            Pattern.compile("([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(ms|msec|us|usec)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern NUMBER_WITH_UNIT = Pattern.compile("[0-9.]+\\s*([A-Za-z]+)");

    // dt travels as hexadecimal milliseconds; anything near Integer.MAX_VALUE (24.8 days) is a typo.
    private static final long MAX_MILLIS = Integer.MAX_VALUE;

    private HeartbeatTime() {}

    /**
     * Returns the duration {@code text} means.
     *
     * @throws IllegalArgumentException if it is not heartbeat time syntax; the message quotes the text and gives
     *     the accepted forms
     */
    public static Duration parse(String text) {
        Matcher time = TIME.matcher(text);
        if (!time.matches()) {
            Matcher withUnit = NUMBER_WITH_UNIT.matcher(text);
            if (withUnit.matches()) {
                throw new IllegalArgumentException("\"" + text + "\" is not a heartbeat time: heartbeat 3.0.6 knows no unit \""
                        + withUnit.group(1) + "\"; " + ACCEPTED_FORMS);
            }
            throw new IllegalArgumentException("\"" + text + "\" is not a heartbeat time; " + ACCEPTED_FORMS);
        }
        BigDecimal number = new BigDecimal(time.group(1));
        String unit = time.group(2) == null ? "" : time.group(2).toLowerCase(Locale.ROOT);
        BigDecimal millis = switch (unit) {
            case "" -> number.movePointRight(3);
            case "ms", "msec" -> number;
            case "us", "usec" -> number.movePointLeft(3);
            default -> throw new IllegalStateException("pattern admits unit " + unit);
        };
        BigDecimal rounded = millis.setScale(0, RoundingMode.HALF_UP);
        if (rounded.compareTo(BigDecimal.valueOf(MAX_MILLIS)) > 0) {
            throw new IllegalArgumentException("\"" + text + "\" is too long: at most " + MAX_MILLIS / 1000 + " seconds");
        }
        return Duration.ofMillis(rounded.longValueExact());
    }

    /** {@code 500 ms}, {@code 2 s}, {@code 1.5 s}: for messages, not for writing back into ha.cf. */
    public static String describe(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        return BigDecimal.valueOf(millis).movePointLeft(3).stripTrailingZeros().toPlainString() + " s";
    }
}
