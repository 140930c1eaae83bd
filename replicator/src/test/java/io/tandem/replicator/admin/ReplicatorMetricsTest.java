package io.tandem.replicator.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.replicator.apply.ApplyObserver;
import io.tandem.replicator.event.BinlogPosition;
import io.tandem.replicator.pipeline.ChannelError;
import io.tandem.replicator.pipeline.ChannelState;
import io.tandem.replicator.pipeline.ChannelStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReplicatorMetricsTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:15:30.123Z");

    @Test
    void exportsGaugesAndCountersOfEveryChannelFromOneStatusReadPerScrape() {
        ReplicatorMetrics metrics = new ReplicatorMetrics();
        AtomicInteger reads = new AtomicInteger();
        metrics.bind(() -> {
            reads.incrementAndGet();
            return List.of(running("db1-to-db2", Duration.ofMillis(1500), 2048L),
                    failed("db2-to-db1"));
        });

        MetricsText text = MetricsText.parse(metrics.scrape());

        assertThat(reads).hasValue(1);
        assertThat(text.value("tandem_channel_up", "db1-to-db2")).hasValue(1);
        assertThat(text.value("tandem_channel_up", "db2-to-db1")).hasValue(0);
        assertThat(text.value("tandem_channel_lag_seconds", "db1-to-db2")).hasValue(1.5);
        assertThat(text.value("tandem_channel_bytes_behind", "db1-to-db2")).hasValue(2048);
        assertThat(text.value("tandem_channel_transactions_applied_total", "db1-to-db2")).hasValue(42);
        assertThat(text.value("tandem_channel_rows_applied_total", "db1-to-db2")).hasValue(420);
        assertThat(text.value("tandem_channel_statements_applied_total", "db1-to-db2")).hasValue(3);
        assertThat(text.value("tandem_channel_events_skipped_total", "db1-to-db2")).hasValue(1);
        assertThat(text.value("tandem_channel_reconnects_total", "db1-to-db2")).hasValue(2);
        assertThat(text.value("tandem_channel_transactions_applied_total", "db2-to-db1")).hasValue(7);
        assertThat(text.text())
                .contains("# TYPE tandem_channel_transactions_applied_total counter\n")
                .contains("# TYPE tandem_channel_lag_seconds gauge\n")
                .contains("# HELP tandem_channel_up 1 when the channel is running, 0 otherwise.\n");
    }

    @Test
    void omitsLagAndBytesBehindWhenUnknownRatherThanExportingNaN() {
        ReplicatorMetrics metrics = new ReplicatorMetrics();
        metrics.bind(() -> List.of(failed("db2-to-db1")));

        MetricsText text = MetricsText.parse(metrics.scrape());

        assertThat(text.value("tandem_channel_lag_seconds", "db2-to-db1")).isEmpty();
        assertThat(text.value("tandem_channel_bytes_behind", "db2-to-db1")).isEmpty();
        assertThat(text.value("tandem_channel_up", "db2-to-db1")).hasValue(0);
        assertThat(text.text()).doesNotContainIgnoringCase("nan");
    }

    @Test
    void marksOnlyTheCurrentStateWithOne() {
        ReplicatorMetrics metrics = new ReplicatorMetrics();
        metrics.bind(() -> List.of(failed("db2-to-db1")));

        MetricsText text = MetricsText.parse(metrics.scrape());

        for (ChannelState state : ChannelState.values()) {
            String label = state.name().toLowerCase(java.util.Locale.ROOT);
            assertThat(text.value("tandem_channel_state{channel=\"db2-to-db1\",state=\"" + label + "\"}"))
                    .as(label).hasValue(state == ChannelState.ERROR ? 1 : 0);
        }
    }

    @Test
    void histogramsCountAppliedTransactionsAndSkipUnknownDelays() {
        ReplicatorMetrics metrics = new ReplicatorMetrics();
        ApplyObserver observer = metrics.observerFor("db1-to-db2");

        observer.transactionApplied(Duration.ofMillis(3), null, 1);
        observer.transactionApplied(Duration.ofMillis(700), Duration.ofSeconds(2), 5);
        observer.transactionApplied(Duration.ofMillis(1), Duration.ofMillis(-40), 1); // clocks 40 ms apart

        MetricsText text = MetricsText.parse(metrics.scrape());
        String apply = "tandem_channel_apply_duration_seconds";
        String delay = "tandem_channel_replication_delay_seconds";
        assertThat(text.value(apply + "_count", "db1-to-db2")).hasValue(3);
        assertThat(text.value(apply + "_sum", "db1-to-db2").getAsDouble()).isCloseTo(0.704, within());
        assertThat(text.value(apply + "_bucket{channel=\"db1-to-db2\",le=\"0.0025\"}")).hasValue(1);
        assertThat(text.value(apply + "_bucket{channel=\"db1-to-db2\",le=\"0.005\"}")).hasValue(2);
        assertThat(text.value(apply + "_bucket{channel=\"db1-to-db2\",le=\"1.0\"}")).hasValue(3);
        assertThat(text.value(apply + "_bucket{channel=\"db1-to-db2\",le=\"+Inf\"}")).hasValue(3);
        assertThat(text.value(delay + "_count", "db1-to-db2")).hasValue(2);
        assertThat(text.value(delay + "_bucket{channel=\"db1-to-db2\",le=\"5.0E-4\"}")).hasValue(1);
        assertThat(text.value(delay + "_bucket{channel=\"db1-to-db2\",le=\"2.5\"}")).hasValue(2);
        assertThat(text.value(delay + "_bucket{channel=\"db1-to-db2\",le=\"60.0\"}")).hasValue(2);
    }

    @Test
    void exportsAChannelsHistogramsEmptyBeforeItsFirstTransaction() {
        ReplicatorMetrics metrics = new ReplicatorMetrics();
        metrics.observerFor("db1-to-db2");

        MetricsText text = MetricsText.parse(metrics.scrape());

        assertThat(text.value("tandem_channel_apply_duration_seconds_count", "db1-to-db2")).hasValue(0);
        assertThat(text.value("tandem_channel_replication_delay_seconds_count", "db1-to-db2")).hasValue(0);
        assertThat(text.value("tandem_channel_up", "db1-to-db2")).as("not bound yet: no status").isEmpty();
    }

    @Test
    void countsRefusedAdminRequests() {
        ReplicatorMetrics metrics = new ReplicatorMetrics();
        metrics.adminRequestRefused();
        metrics.adminRequestRefused();

        assertThat(MetricsText.parse(metrics.scrape()).value("tandem_admin_requests_refused_total")).hasValue(2);
    }

    @Test
    void refusesASecondReplicator() {
        ReplicatorMetrics metrics = new ReplicatorMetrics();
        metrics.bind(List::of);

        assertThatThrownBy(() -> metrics.bind(List::of)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already bound");
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-9);
    }

    static ChannelStatus running(String name, Duration lag, Long bytesBehind) {
        BinlogPosition at = new BinlogPosition("mysql-bin.000042", 91234);
        return new ChannelStatus(name, ChannelState.RUNNING, NOW, at, at.withPosition(93282), NOW, at, at, null,
                NOW.minusSeconds(2), lag, bytesBehind, 42, 420, 3, 1, 2, null);
    }

    static ChannelStatus failed(String name) {
        return new ChannelStatus(name, ChannelState.ERROR, NOW, null, null, null, null, null, null, null, null, null,
                7, 70, 0, 0, 0, new ChannelError("Connection refused", NOW, null, null, false));
    }
}
