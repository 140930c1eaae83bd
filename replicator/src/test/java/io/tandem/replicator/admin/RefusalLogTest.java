package io.tandem.replicator.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RefusalLogTest {

    private Instant now = Instant.parse("2026-11-23T10:00:00Z");
    private final InstantSource clock = () -> now;
    private final List<String> lines = new ArrayList<>();
    private final RefusalLog log = new RefusalLog(lines::add, Duration.ofMinutes(1), clock);

    @Test
    void writesTheFirstRefusalAtOnce() {
        log.refused("refused GET /metrics from 10.0.0.5:40000: wrong token");

        assertThat(lines).containsExactly("refused GET /metrics from 10.0.0.5:40000: wrong token");
    }

    @Test
    void countsRefusalsWithinTheIntervalAndTellsTheCountWithTheNextLine() {
        log.refused("first");
        for (int i = 0; i < 500; i++) {
            now = now.plusMillis(100);
            log.refused("guess " + i);
        }
        assertThat(lines).containsExactly("first");

        now = now.plusSeconds(60);
        log.refused("later");

        assertThat(lines).containsExactly("first",
                "later (500 more refused since the last such message, not logged one by one)");
    }

    @Test
    void writesEachRefusalWhenTheyAreFarApart() {
        log.refused("one");
        now = now.plusSeconds(61);
        log.refused("two");

        assertThat(lines).containsExactly("one", "two");
    }
}
