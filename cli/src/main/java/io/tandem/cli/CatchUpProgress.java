package io.tandem.cli;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Locale;

/**
 * Shows how a long catch-up goes, on stderr: a single redrawn line on a terminal,
 *
 * <pre>
 * [#######.........]  43%  12.4 MiB/s  ETA 0:42  lag 3.2s
 * </pre>
 *
 * and a plain line every {@value #LINE_SECONDS} s otherwise (a log file or a pipe gets no carriage returns).
 * Progress is measured in bytes behind the source: the share of the bytes behind at the start that is done, and
 * the rate over a moving window of {@value #WINDOW_SECONDS} s, so that a burst or a pause does not swing the time
 * left. The time left is shown only while the rate is positive; a channel falling behind has none.
 *
 * <p>Rendering is a pure function of the numbers ({@link #bar}, {@link #line}); time comes from the given clock.
 * Not thread-safe: one waiting thread updates it.
 */
final class CatchUpProgress {

    /** {@code --progress}: what the user asked for. */
    enum Mode { AUTO, BAR, LINES, NONE }

    /** What is shown. */
    enum Style { BAR, LINES, NONE }

    static final int WINDOW_SECONDS = 10;
    static final int LINE_SECONDS = 5;
    static final int BAR_WIDTH = 16;

    private final Style style;
    private final long bytesAtStart;
    private final InstantSource clock;
    private final PrintStream out;
    private final RateWindow rate = new RateWindow(Duration.ofSeconds(WINDOW_SECONDS));
    private Instant lastLine;
    private int drawnWidth;

    CatchUpProgress(Style style, long bytesAtStart, InstantSource clock, PrintStream out) {
        this.style = style;
        this.bytesAtStart = bytesAtStart;
        this.clock = clock;
        this.out = out;
        this.lastLine = clock.instant();
    }

    /**
     * The style for {@code mode}: nothing with {@code --json} (a program reads stdout and wants stderr quiet), else
     * a bar on a terminal and lines elsewhere, unless the user chose.
     */
    static Style choose(Mode mode, boolean terminal, boolean json) {
        if (json) {
            return Style.NONE;
        }
        return switch (mode) {
            case AUTO -> terminal ? Style.BAR : Style.LINES;
            case BAR -> Style.BAR;
            case LINES -> Style.LINES;
            case NONE -> Style.NONE;
        };
    }

    /**
     * Whether a person watches: {@code System.console()} is there. From JDK 22 to 24 it is there even when the
     * output is redirected, and {@code Console.isTerminal()} (JDK 22+) tells; tandem builds for 21, so it is asked
     * by name.
     */
    static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /** Records the bytes behind now and shows them as the style says. */
    void update(long bytesBehind, Double lagSeconds) {
        Instant now = clock.instant();
        rate.add(now, bytesBehind);
        switch (style) {
            case BAR -> {
                String text = bar(bytesAtStart, bytesBehind, rate.bytesPerSecond(), lagSeconds);
                out.print("\r" + text + " ".repeat(Math.max(0, drawnWidth - text.length())));
                out.flush();
                drawnWidth = text.length();
            }
            case LINES -> {
                if (Duration.between(lastLine, now).toSeconds() >= LINE_SECONDS) {
                    out.println(line(bytesAtStart, bytesBehind, rate.bytesPerSecond(), lagSeconds));
                    lastLine = now;
                }
            }
            case NONE -> {
                // quiet
            }
        }
    }

    /** Ends the redrawn line, so that what follows starts on its own line. */
    void finish() {
        if (style == Style.BAR && drawnWidth > 0) {
            out.println();
            drawnWidth = 0;
        }
    }

    /** {@code [#######.........]  43%  12.4 MiB/s  ETA 0:42  lag 3.2s}; rate and ETA left out while unknown. */
    static String bar(long bytesAtStart, long bytesBehind, Double bytesPerSecond, Double lagSeconds) {
        int percent = percentDone(bytesAtStart, bytesBehind);
        int filled = (int) Math.round(percent * BAR_WIDTH / 100.0);
        StringBuilder text = new StringBuilder("[").append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled))
                .append("] ").append(String.format(Locale.ROOT, "%3d%%", percent));
        if (bytesPerSecond != null) {
            text.append("  ").append(rate(bytesPerSecond));
        }
        String eta = eta(bytesBehind, bytesPerSecond);
        if (eta != null) {
            text.append("  ETA ").append(eta);
        }
        return text.append("  lag ").append(lag(lagSeconds)).toString();
    }

    /** {@code catching up: 43% done, 6.9 MiB behind, 12.4 MiB/s, ETA 0:42, lag 3.2s}. */
    static String line(long bytesAtStart, long bytesBehind, Double bytesPerSecond, Double lagSeconds) {
        StringBuilder text = new StringBuilder("catching up: ").append(percentDone(bytesAtStart, bytesBehind))
                .append("% done, ").append(HumanUnits.bytes(bytesBehind)).append(" behind");
        if (bytesPerSecond != null) {
            text.append(", ").append(rate(bytesPerSecond));
        }
        String eta = eta(bytesBehind, bytesPerSecond);
        if (eta != null) {
            text.append(", ETA ").append(eta);
        }
        return text.append(", lag ").append(lag(lagSeconds)).toString();
    }

    static int percentDone(long bytesAtStart, long bytesBehind) {
        if (bytesAtStart <= 0) {
            return 100;
        }
        double done = (bytesAtStart - bytesBehind) * 100.0 / bytesAtStart;
        return (int) Math.max(0, Math.min(100, Math.floor(done)));
    }

    private static String rate(double bytesPerSecond) {
        return bytesPerSecond < 0 ? "falling behind " + HumanUnits.bytes(-bytesPerSecond) + "/s"
                : HumanUnits.bytes(bytesPerSecond) + "/s";
    }

    /** Time left at the current rate, or null when the rate is not positive. */
    private static String eta(long bytesBehind, Double bytesPerSecond) {
        if (bytesPerSecond == null || bytesPerSecond <= 0) {
            return null;
        }
        return HumanUnits.clock(Duration.ofMillis(Math.round(bytesBehind / bytesPerSecond * 1000)));
    }

    /** One decimal below a minute ({@code 3.2s}), as the table writes it above. */
    private static String lag(Double seconds) {
        if (seconds != null && seconds < 60) {
            return String.format(Locale.ROOT, "%.1fs", seconds);
        }
        return HumanUnits.lag(seconds);
    }

    /** Catch-up rate over the last {@code window}: bytes behind that went away per second. */
    static final class RateWindow {
        private record Sample(Instant at, long bytesBehind) {}

        private final Duration window;
        private final Deque<Sample> samples = new ArrayDeque<>();

        RateWindow(Duration window) {
            this.window = window;
        }

        void add(Instant at, long bytesBehind) {
            samples.addLast(new Sample(at, bytesBehind));
            // Keep one sample at or before the window's start, so the window is always fully covered.
            Instant windowStart = at.minus(window);
            while (samples.size() > 2) {
                Iterator<Sample> oldest = samples.iterator();
                oldest.next();
                if (oldest.next().at().isAfter(windowStart)) {
                    break;
                }
                samples.removeFirst();
            }
        }

        /** Positive while catching up, negative while falling behind; null before two samples a moment apart. */
        Double bytesPerSecond() {
            if (samples.size() < 2) {
                return null;
            }
            Sample first = samples.getFirst();
            Sample last = samples.getLast();
            long millis = Duration.between(first.at(), last.at()).toMillis();
            if (millis <= 0) {
                return null;
            }
            return (first.bytesBehind() - last.bytesBehind()) * 1000.0 / millis;
        }
    }
}
