package io.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HumanUnitsTest {

    @Test
    void lagIsMillisecondsBelowAMinuteThenMinutesHoursDays() {
        assertThat(HumanUnits.lag(null)).isEqualTo("-");
        assertThat(HumanUnits.lag(0.0)).isEqualTo("0.000s");
        assertThat(HumanUnits.lag(0.012)).isEqualTo("0.012s");
        assertThat(HumanUnits.lag(59.9994)).isEqualTo("59.999s");
        assertThat(HumanUnits.lag(60.0)).isEqualTo("1m00s");
        assertThat(HumanUnits.lag(192.7)).isEqualTo("3m12s");
        assertThat(HumanUnits.lag(7500.0)).isEqualTo("2h05m");
        assertThat(HumanUnits.lag(273_600.0)).isEqualTo("3d04h");
    }

    @Test
    void bytesUseBinaryUnitsWithOneDecimal() {
        assertThat(HumanUnits.bytes((Long) null)).isEqualTo("-");
        assertThat(HumanUnits.bytes(0L)).isEqualTo("0 B");
        assertThat(HumanUnits.bytes(1023L)).isEqualTo("1023 B");
        assertThat(HumanUnits.bytes(1536L)).isEqualTo("1.5 KiB");
        assertThat(HumanUnits.bytes(13_002_342L)).isEqualTo("12.4 MiB");
        assertThat(HumanUnits.bytes(3L << 30)).isEqualTo("3.0 GiB");
    }

    @Test
    void timeLeftReadsLikeAClock() {
        assertThat(HumanUnits.clock(Duration.ofSeconds(42))).isEqualTo("0:42");
        assertThat(HumanUnits.clock(Duration.ofSeconds(725))).isEqualTo("12:05");
        assertThat(HumanUnits.clock(Duration.ofSeconds(3723))).isEqualTo("1:02:03");
    }

    @Test
    void durationsReadAsTheyAreTyped() {
        assertThat(HumanUnits.duration(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(HumanUnits.duration(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(HumanUnits.duration(Duration.ofMinutes(5))).isEqualTo("5m00s");
    }
}
