package io.tandem.drbd.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartBackoffTest {

    private static final Duration QUICK = Duration.ofMillis(5);

    @Test
    void doublesWhileRunsEndQuicklyAndNeverExceedsTheMaximum() {
        RestartBackoff backoff = new RestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(5));

        assertThat(backoff.afterRun(QUICK)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.afterRun(QUICK)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.afterRun(QUICK)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.afterRun(QUICK)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.afterRun(QUICK)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void startsOverAfterARunThatLastedAsLongAsTheMaximumWait() {
        RestartBackoff backoff = new RestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(5));
        backoff.afterRun(QUICK);
        backoff.afterRun(QUICK);

        assertThat(backoff.afterRun(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.afterRun(QUICK)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void refusesAZeroFirstDelayAndAMaximumBelowIt() {
        assertThatThrownBy(() -> new RestartBackoff(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("0 < first <= max");
        assertThatThrownBy(() -> new RestartBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("0 < first <= max");
    }
}
