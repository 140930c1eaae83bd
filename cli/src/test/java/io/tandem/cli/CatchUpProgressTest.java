package io.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.cli.CatchUpProgress.Mode;
import io.tandem.cli.CatchUpProgress.Style;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CatchUpProgressTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void barShowsShareDoneRateTimeLeftAndLag() {
        // 100 MiB behind at the start, 57 MiB left: 43 % done; 57 MiB at 12.4 MiB/s is 4.6 s.
        String bar = CatchUpProgress.bar(100 * MIB, 57 * MIB, 12.4 * MIB, 3.2);

        assertThat(bar).isEqualTo("[#######.........]  43%  12.4 MiB/s  ETA 0:04  lag 3.2s");
    }

    @Test
    void timeLeftOnlyWhileTheRateIsPositive() {
        assertThat(CatchUpProgress.bar(100 * MIB, 57 * MIB, null, 3.2)).isEqualTo("[#######.........]  43%  lag 3.2s");
        assertThat(CatchUpProgress.bar(100 * MIB, 57 * MIB, 0.0, 3.2)).doesNotContain("ETA");
        assertThat(CatchUpProgress.bar(100 * MIB, 57 * MIB, -2.0 * MIB, 3.2))
                .isEqualTo("[#######.........]  43%  falling behind 2.0 MiB/s  lag 3.2s");
        assertThat(CatchUpProgress.line(100 * MIB, 57 * MIB, 1.0 * MIB, 600.0))
                .isEqualTo("catching up: 43% done, 57.0 MiB behind, 1.0 MiB/s, ETA 0:57, lag 10m00s");
    }

    @Test
    void shareDoneStaysBetweenNothingAndAll() {
        assertThat(CatchUpProgress.percentDone(0, 0)).isEqualTo(100);
        assertThat(CatchUpProgress.percentDone(100, 250)).isZero();
        assertThat(CatchUpProgress.percentDone(100, 0)).isEqualTo(100);
        assertThat(CatchUpProgress.bar(100, 0, null, null)).startsWith("[################] 100%").endsWith("lag -");
    }

    @Test
    void autoDrawsTheBarOnATerminalAndLinesElsewhereAndNothingUnderJson() {
        assertThat(CatchUpProgress.choose(Mode.AUTO, true, false)).isEqualTo(Style.BAR);
        assertThat(CatchUpProgress.choose(Mode.AUTO, false, false)).isEqualTo(Style.LINES);
        assertThat(CatchUpProgress.choose(Mode.BAR, false, false)).isEqualTo(Style.BAR);
        assertThat(CatchUpProgress.choose(Mode.LINES, true, false)).isEqualTo(Style.LINES);
        assertThat(CatchUpProgress.choose(Mode.NONE, true, false)).isEqualTo(Style.NONE);
        assertThat(CatchUpProgress.choose(Mode.BAR, true, true)).isEqualTo(Style.NONE);
        assertThat(CatchUpProgress.choose(Mode.AUTO, true, true)).isEqualTo(Style.NONE);
    }

    @Test
    void rateComesFromAMovingWindowSoAnOldBurstStopsCounting() {
        ManualClock clock = new ManualClock(Instant.parse("2025-05-01T10:00:00Z"));
        CatchUpProgress.RateWindow window = new CatchUpProgress.RateWindow(Duration.ofSeconds(10));
        window.add(clock.instant(), 1000 * MIB);
        assertThat(window.bytesPerSecond()).isNull();
        // A burst: 500 MiB in the first second, then 1 MiB/s for 20 s.
        clock.advance(Duration.ofSeconds(1));
        window.add(clock.instant(), 500 * MIB);
        assertThat(window.bytesPerSecond()).isEqualTo(500.0 * MIB);
        long behind = 500 * MIB;
        for (int second = 0; second < 20; second++) {
            clock.advance(Duration.ofSeconds(1));
            behind -= MIB;
            window.add(clock.instant(), behind);
        }
        assertThat(window.bytesPerSecond()).isEqualTo(1.0 * MIB);
    }

    @Test
    void barRedrawsOneLineInPlaceAndEndsIt() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ManualClock clock = new ManualClock(Instant.parse("2025-05-01T10:00:00Z"));
        CatchUpProgress progress = new CatchUpProgress(Style.BAR, 100 * MIB, clock,
                new PrintStream(bytes, true, StandardCharsets.UTF_8));

        progress.update(100 * MIB, 30.0);
        clock.advance(Duration.ofSeconds(2));
        progress.update(80 * MIB, 20.0);
        progress.finish();

        String shown = bytes.toString(StandardCharsets.UTF_8);
        assertThat(shown).doesNotContain(System.lineSeparator() + "\r");
        assertThat(shown.split("\r", -1)).hasSize(3);
        assertThat(shown).startsWith("\r[................]   0%  lag 30.0s")
                .contains("\r[###.............]  20%  10.0 MiB/s  ETA 0:08  lag 20.0s")
                .endsWith(System.lineSeparator());
    }

    @Test
    void linesComeEveryFiveSecondsAndNeverCarriageReturns() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ManualClock clock = new ManualClock(Instant.parse("2025-05-01T10:00:00Z"));
        CatchUpProgress progress = new CatchUpProgress(Style.LINES, 100 * MIB, clock,
                new PrintStream(bytes, true, StandardCharsets.UTF_8));

        long behind = 100 * MIB;
        for (int poll = 0; poll < 60; poll++) {
            progress.update(behind, 5.0);
            clock.advance(Duration.ofMillis(200));
            behind -= MIB;
        }
        progress.finish();

        String shown = bytes.toString(StandardCharsets.UTF_8);
        // 60 polls 200 ms apart span 11.8 s: lines at 5 s and 10 s.
        assertThat(shown.lines()).hasSize(2).allMatch(line -> line.startsWith("catching up: "));
        assertThat(shown.lines().findFirst().orElseThrow()).contains("5.0 MiB/s");
        assertThat(shown).doesNotContain("\r");
    }

    @Test
    void noneShowsNothing() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ManualClock clock = new ManualClock(Instant.parse("2025-05-01T10:00:00Z"));
        CatchUpProgress progress = new CatchUpProgress(Style.NONE, 100, clock,
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        for (int i = 0; i < 100; i++) {
            progress.update(100 - i, 1.0);
            clock.advance(Duration.ofSeconds(1));
        }
        progress.finish();
        assertThat(bytes.size()).isZero();
    }
}
