package io.tandem.heartbeat.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HeartbeatTimeTest {

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({
        "1, 1000",
        "30, 30000",
        "0.5, 500",
        ".25, 250",
        "2., 2000",
        "1.5, 1500",
        "500ms, 500",
        "500MS, 500",
        "1500ms, 1500",
        "2msec, 2",
        "100000us, 100",
        "250000usec, 250",
        "0.001, 1",
        "499us, 0",
        "500us, 1",
        "501us, 1",
        "0, 0",
    })
    void readsHeartbeatTimeSyntaxRoundedToWholeMilliseconds(String text, long millis) {
        assertThat(HeartbeatTime.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"30s", "2sec", "1min", "5 s"})
    void refusesUnitsHeartbeatDoesNotKnowAndSaysWhichForms(String text) {
        assertThatThrownBy(() -> HeartbeatTime.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + text + "\" is not a heartbeat time")
                .hasMessageContaining("knows no unit")
                .hasMessageContaining("plain number (2, 0.5)")
                .hasMessageContaining("500ms");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ms", "-1", "+1", "1.2.3", "10msec2", "1e3", "abc", "1,5", "."})
    void refusesAnythingElseWithTheAcceptedForms(String text) {
        assertThatThrownBy(() -> HeartbeatTime.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a heartbeat time")
                .hasMessageContaining(HeartbeatTime.ACCEPTED_FORMS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"9999999999", "3000000"})
    void refusesDurationsBeyondWhatTheWireCarries(String text) {
        assertThatThrownBy(() -> HeartbeatTime.parse(text)).hasMessageContaining("too long");
    }

    @ParameterizedTest(name = "{0} ms reads {1}")
    @CsvSource({"500, 500 ms", "1000, 1 s", "1500, 1.5 s", "30000, 30 s", "0, 0 ms"})
    void describesDurationsForMessages(long millis, String text) {
        assertThat(HeartbeatTime.describe(Duration.ofMillis(millis))).isEqualTo(text);
    }
}
