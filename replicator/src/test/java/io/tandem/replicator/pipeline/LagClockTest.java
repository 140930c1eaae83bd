package io.tandem.replicator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.replicator.event.BinlogPosition;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LagClockTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Duration RECENT = Duration.ofSeconds(3);

    private static BinlogPosition at(long offset) {
        return new BinlogPosition("mysql-bin.000001", offset);
    }

    private static Instant t(long millis) {
        return T0.plusMillis(millis);
    }

    @Test
    void aTransactionReceivedWithinItsSecondIsDatedByItsReceipt() {
        assertThat(LagClock.commitEstimate(T0, Duration.ZERO, t(400))).isEqualTo(t(400));
    }

    @Test
    void aTransactionFromABacklogIsDatedByItsTimestamp() {
        assertThat(LagClock.commitEstimate(T0, Duration.ZERO, t(90_000))).isEqualTo(T0);
    }

    @Test
    void theSourcesClockOffsetIsTakenOut() {
        // The source's clock runs 5 s ahead: its timestamp T0 means T0 - 5 s here.
        assertThat(LagClock.commitEstimate(T0, Duration.ofSeconds(5), t(60_000))).isEqualTo(T0.minusSeconds(5));
        assertThat(LagClock.commitEstimate(T0, Duration.ofSeconds(5), t(-4_500))).isEqualTo(t(-4_500));
    }

    @Test
    void lagIsTheAgeOfTheOldestUnfinishedTransaction() {
        LagClock clock = new LagClock();
        clock.received(at(100), t(0), t(0), at(100));
        clock.received(at(200), t(50), t(50), at(100));
        assertThat(clock.lag(t(300), at(100), null, null, RECENT)).isEqualTo(Duration.ofMillis(300));
        // The first one finished: the second is now the oldest.
        assertThat(clock.lag(t(300), at(200), null, null, RECENT)).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void lagIsZeroWhenARecentSightingAfterTheLastReceiptIsFinished() {
        LagClock clock = new LagClock();
        clock.received(at(100), t(0), t(0), at(100));
        // Finished at 300, and the source was seen at 300 after the receipt.
        assertThat(clock.lag(t(1_000), at(300), at(300), t(500), RECENT)).isZero();
    }

    @Test
    void aSightingOlderThanTheLastReceiptDoesNotVouch() {
        LagClock clock = new LagClock();
        clock.received(at(100), t(2_000), t(2_000), at(100));
        // Everything received is finished, but the sighting predates the receipt: more may be on its way.
        Duration lag = clock.lag(t(2_400), at(300), at(300), t(1_000), RECENT);
        assertThat(lag).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void aBacklogNeverShowsZeroBetweenTransactions() {
        LagClock clock = new LagClock();
        // Transactions an hour old arrive one by one; the source's end, seen before they arrived, is far ahead.
        Instant hourAgo = t(0).minus(Duration.ofHours(1));
        clock.received(at(100), hourAgo, t(0), at(100));
        Duration lag = clock.lag(t(10), at(200), at(900_000), t(-5), RECENT);
        assertThat(lag).isGreaterThanOrEqualTo(Duration.ofHours(1));
    }

    @Test
    void anOldSightingDoesNotVouchAndLagGrowsFromTheLastHeartbeat() {
        LagClock clock = new LagClock();
        clock.idle(t(0), at(300));
        // The source has been silent since: the sighting at 0 is too old to say it wrote nothing since.
        assertThat(clock.lag(t(10_000), at(300), at(300), t(0), RECENT)).isEqualTo(Duration.ofSeconds(10));
        assertThat(clock.lag(t(2_000), at(300), at(300), t(0), RECENT)).isZero();
    }

    @Test
    void theFirstWriteAfterALongIdlePeriodShowsNoSpike() {
        LagClock clock = new LagClock();
        clock.received(at(100), T0.minus(Duration.ofHours(2)), T0.minus(Duration.ofHours(2)), at(100));
        for (int beat = 1; beat <= 100; beat++) {
            clock.idle(t(beat * 1_000L), at(200));
        }
        // After a hundred heartbeats, a new transaction arrives live.
        clock.received(at(200), t(100_200), t(100_200), at(200));
        assertThat(clock.lag(t(100_210), at(200), at(200), t(100_000), RECENT)).isEqualTo(Duration.ofMillis(10));
        // Applied; the next sighting has not come yet: bounded by the receipt, not by the idle period.
        assertThat(clock.lag(t(100_300), at(300), at(200), t(100_000), RECENT)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aNewSessionForgetsWhatItWillReadAgain() {
        LagClock clock = new LagClock();
        clock.received(at(100), t(0), t(0), at(100));
        clock.sessionStarted(t(0));
        assertThat(clock.commitEstimateOf(at(100))).isNull();
        assertThat(clock.lag(t(500), at(100), at(100), t(600), RECENT)).isZero();
    }

    @Test
    void nothingKnownIsNull() {
        assertThat(new LagClock().lag(t(0), null, null, null, RECENT)).isNull();
    }
}
