package io.tandem.replicator.admin;

import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.tandem.replicator.Replicator;
import io.tandem.replicator.apply.ApplyObserver;
import io.tandem.replicator.pipeline.ChannelState;
import io.tandem.replicator.pipeline.ChannelStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The replicator's Prometheus metrics, labelled by {@code channel}. Made before the replicator, so that
 * each channel's apply observer exists from its first transaction:
 *
 * <pre>{@code
 * ReplicatorMetrics metrics = new ReplicatorMetrics();
 * Replicator replicator = Replicator.start(config, metrics::observerFor);
 * metrics.bind(replicator);
 * }</pre>
 *
 * <p>Gauges and counters are read from {@link Replicator#status()} when scraped, once per scrape for all
 * of them, so every value in one scrape comes from the same snapshot of a channel. The two histograms
 * are fed on each channel's apply thread by {@link #observerFor(String)}. Thread-safe.
 */
public final class ReplicatorMetrics {

    /** {@code text/plain; version=0.0.4; charset=utf-8}: the content type of {@link #scrape()}. */
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    /** 0.5 ms (a one-row commit on a local target) to 60 s (a huge transaction, or a long outage for the delay). */
    private static final double[] SECONDS_BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
            0.5, 1, 2.5, 5, 10, 30, 60};

    private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.create();

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Histogram applyDuration;
    private final Histogram replicationDelay;
    private final Counter refusedAdminRequests;
    private volatile Supplier<List<ChannelStatus>> statuses;

    public ReplicatorMetrics() {
        applyDuration = Histogram.builder()
                .name("tandem_channel_apply_duration_seconds")
                .help("Time from the start of applying a transaction to its commit on the target.")
                .labelNames("channel")
                .classicOnly()
                .classicUpperBounds(SECONDS_BUCKETS)
                .withoutExemplars()
                .register(registry);
        replicationDelay = Histogram.builder()
                .name("tandem_channel_replication_delay_seconds")
                .help("Time from a transaction's commit on the source to its commit on the target.")
                .labelNames("channel")
                .classicOnly()
                .classicUpperBounds(SECONDS_BUCKETS)
                .withoutExemplars()
                .register(registry);
        refusedAdminRequests = Counter.builder()
                .name("tandem_admin_requests_refused")
                .help("Admin endpoint requests refused for a missing or wrong token.")
                .withoutExemplars()
                .register(registry);
        registry.register(new ChannelStatusCollector());
    }

    /**
     * The observer for {@code channel}'s applied transactions; its histograms are exported (empty) from
     * now on. Pass {@code metrics::observerFor} to {@link Replicator#start(io.tandem.replicator.config.ReplicatorConfig,
     * java.util.function.Function)}.
     */
    public ApplyObserver observerFor(String channel) {
        DistributionDataPoint apply = applyDuration.labelValues(channel);
        DistributionDataPoint delay = replicationDelay.labelValues(channel);
        return (applyTime, replicationDelayTime, rows) -> {
            apply.observe(seconds(applyTime));
            if (replicationDelayTime != null) {
                // Source and target clocks can be skewed; a negative observation would make the histogram's
                // _sum decrease, which Prometheus takes for a counter reset. Negative means "no measurable delay".
                delay.observe(Math.max(0, seconds(replicationDelayTime)));
            }
        };
    }

    /** From now on, the gauges and counters report {@code replicator}'s channels. Called once. */
    public void bind(Replicator replicator) {
        bind(replicator::status);
    }

    /** As {@link #bind(Replicator)}, for any source of channel snapshots (tests). */
    synchronized void bind(Supplier<List<ChannelStatus>> channelStatuses) {
        if (statuses != null) {
            throw new IllegalStateException("metrics are already bound to a replicator");
        }
        statuses = Objects.requireNonNull(channelStatuses, "channelStatuses");
    }

    /** Every metric, now, in the Prometheus text exposition format ({@link #CONTENT_TYPE}). */
    public String scrape() {
        ByteArrayOutputStream text = new ByteArrayOutputStream(8192);
        try {
            WRITER.write(text, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics to memory", e);
        }
        return text.toString(StandardCharsets.UTF_8);
    }

    /** Counts a request the admin endpoint refused for its token. */
    void adminRequestRefused() {
        refusedAdminRequests.inc();
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    /** Gauges and counters from one {@link Replicator#status()} call per scrape. */
    private final class ChannelStatusCollector implements MultiCollector {

        @Override
        public MetricSnapshots collect() {
            Supplier<List<ChannelStatus>> source = statuses;
            if (source == null) {
                return MetricSnapshots.of();
            }
            List<ChannelStatus> channels = source.get();
            GaugeSnapshot.Builder up = GaugeSnapshot.builder().name("tandem_channel_up")
                    .help("1 when the channel is running, 0 otherwise.");
            GaugeSnapshot.Builder state = GaugeSnapshot.builder().name("tandem_channel_state")
                    .help("1 for the channel's current state, 0 for the others.");
            GaugeSnapshot.Builder lag = GaugeSnapshot.builder().name("tandem_channel_lag_seconds")
                    .help("Age of the oldest source transaction not yet applied; 0 when caught up. Absent when"
                            + " unknown.");
            GaugeSnapshot.Builder bytesBehind = GaugeSnapshot.builder().name("tandem_channel_bytes_behind")
                    .help("Source binlog end minus the executed position, across binlog files. Absent when unknown.");
            for (ChannelStatus channel : channels) {
                Labels labels = Labels.of("channel", channel.channel());
                up.dataPoint(gauge(labels, channel.state() == ChannelState.RUNNING ? 1 : 0));
                for (ChannelState each : ChannelState.values()) {
                    state.dataPoint(gauge(Labels.of("channel", channel.channel(), "state",
                            each.name().toLowerCase(Locale.ROOT)), each == channel.state() ? 1 : 0));
                }
                if (channel.lag() != null) {
                    lag.dataPoint(gauge(labels, seconds(channel.lag())));
                }
                if (channel.bytesBehind() != null) {
                    bytesBehind.dataPoint(gauge(labels, channel.bytesBehind()));
                }
            }
            return MetricSnapshots.of(up.build(), state.build(), lag.build(), bytesBehind.build(),
                    counter(channels, "tandem_channel_transactions_applied",
                            "Transactions committed on the target since the service started.",
                            ChannelStatus::transactionsApplied),
                    counter(channels, "tandem_channel_rows_applied", "Rows written on the target.",
                            ChannelStatus::rowsApplied),
                    counter(channels, "tandem_channel_statements_applied", "Statements run on the target.",
                            ChannelStatus::statementsApplied),
                    counter(channels, "tandem_channel_events_skipped",
                            "Events skipped by a rule (slave-skip-errors, idempotent mode), each recorded on the"
                                    + " target.",
                            ChannelStatus::eventsSkipped),
                    counter(channels, "tandem_channel_reconnects",
                            "Source sessions restarted after a retriable failure.", ChannelStatus::reconnects));
        }

        private static GaugeDataPointSnapshot gauge(Labels labels, double value) {
            return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
        }

        private static CounterSnapshot counter(List<ChannelStatus> channels, String name, String help,
                ToDoubleFunction<ChannelStatus> value) {
            CounterSnapshot.Builder counter = CounterSnapshot.builder().name(name).help(help);
            for (ChannelStatus channel : channels) {
                counter.dataPoint(CounterDataPointSnapshot.builder()
                        .labels(Labels.of("channel", channel.channel()))
                        .value(value.applyAsDouble(channel))
                        .build());
            }
            return counter.build();
        }
    }
}
