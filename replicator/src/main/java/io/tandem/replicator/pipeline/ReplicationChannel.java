package io.tandem.replicator.pipeline;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.tandem.replicator.apply.ApplyException;
import io.tandem.replicator.apply.ParallelApplier;
import io.tandem.replicator.apply.TargetSession;
import io.tandem.replicator.apply.TransactionApplier;
import io.tandem.replicator.checkpoint.AnnouncedStatements;
import io.tandem.replicator.checkpoint.Checkpoint;
import io.tandem.replicator.checkpoint.CheckpointStore;
import io.tandem.replicator.config.LoopPrevention;
import io.tandem.replicator.event.BinlogPosition;
import io.tandem.replicator.event.ChangeEvent;
import io.tandem.replicator.event.Gtid;
import io.tandem.replicator.event.GtidPosition;
import io.tandem.replicator.event.SourceHeartbeat;
import io.tandem.replicator.event.TransactionStarted;
import io.tandem.replicator.schema.SchemaCache;
import io.tandem.replicator.source.BinlogSource;
import io.tandem.replicator.source.SourceFailure;
import io.tandem.replicator.source.SourceSession;
import io.tandem.replicator.source.SourceWatch;
import io.tandem.replicator.source.StartPosition;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replication channel: a master's binlog applied to one target, exactly once, in order.
 *
 * <pre>
 *  SourceSession ──publish──▶ [ring] ──▶ FilterStage ──▶ DecodeStage ──▶ ApplyStage ──▶ target (data + checkpoint)
 *  (connector thread)   a full ring blocks the publisher; the three stages share one consumer thread
 *                       ({@link OneThreadStages}); nothing flows right to left
 * </pre>
 *
 * <h2>Sessions</h2>
 * The controller thread runs one source session at a time. Each starts from the checkpoint stored on
 * the target, read fresh from the target each time (a commit whose acknowledgement was lost is only
 * known there). A session ends on a network cut, a server restart, a dead link, an apply failure or a
 * stop; the controller then publishes an end-of-session marker and waits until the apply stage has
 * passed it, so no event of the old session can commit after the new session's start is chosen.
 * Retriable failures back off and start a new session; others put the channel in {@link ChannelState#ERROR}.
 */
public final class ReplicationChannel implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplicationChannel.class);
    private static final int RING_SIZE = 1024;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    private static final Duration INITIAL_BACKOFF = Duration.ofMillis(200);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /** How often the source's binlog end is polled, at most: the staleness of bytes behind under load. */
    private static final Duration WATCH_PERIOD = Duration.ofMillis(500);

    private sealed interface Signal {
        record SessionEnded(int epoch, SourceFailure failure) implements Signal {}

        record ApplyFailed(int epoch, ApplyStage.Failure failure) implements Signal {}

        record SessionClosed(int epoch) implements Signal {}

        record StopRequested() implements Signal {}
    }

    private final ChannelSettings settings;
    private final String logPrefix;
    private final BinlogSource source;
    private final CheckpointStore store;
    private final SchemaCache schemas = new SchemaCache();
    private final Disruptor<EventSlot> disruptor;
    private final RingBuffer<EventSlot> ring;
    private final ApplyStage applyStage;
    private FilterStage filterStage;
    private final BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
    private final AtomicReference<ChannelState> state = new AtomicReference<>(ChannelState.CONNECTING);
    private final AtomicLong reconnects = new AtomicLong();
    /** Counters of finished sessions' appliers, so status counts over the channel's life. */
    private final AtomicLong earlierTransactions = new AtomicLong();
    private final AtomicLong earlierRows = new AtomicLong();
    private final AtomicLong earlierStatements = new AtomicLong();
    private final AtomicLong earlierSkips = new AtomicLong();
    private volatile TransactionApplier applier;
    private volatile BinlogPosition readPosition;
    private final LagClock lagClock = new LagClock();
    private final SourceWatch sourceWatch;
    /** The source's end as its last idle heartbeat gave it, and when that arrived. */
    private volatile BinlogPosition heartbeatEnd;
    private volatile Instant heartbeatAt;
    private volatile ChannelError lastError;
    private volatile boolean stopRequested;
    /** Where a grouped commit failed: up to there, the next session commits each transaction on its own. */
    private BinlogPosition ungroupedThrough;
    private final ParallelApplier.Activity parallelActivity = new ParallelApplier.Activity();
    /** Where parallel apply failed retriably: up to there, the next session applies serially. */
    private BinlogPosition serialThrough;
    private long targetServerId;
    private Thread controller;
    private int epoch;

    public ReplicationChannel(ChannelSettings settings) {
        this.settings = settings;
        this.logPrefix = "replicator[" + settings.name() + "]";
        this.source = new BinlogSource(logPrefix, settings.source(), settings.readerServerId(),
                settings.heartbeatPeriod(), settings.clock());
        this.store = new CheckpointStore(settings.metadataSchema());
        this.sourceWatch = new SourceWatch(logPrefix, settings.source(), min(settings.heartbeatPeriod(), WATCH_PERIOD),
                settings.clock());
        this.disruptor = new Disruptor<>(EventSlot::new, RING_SIZE,
                Thread.ofPlatform().name(logPrefix + "-apply-", 0).daemon().factory(), ProducerType.MULTI,
                new BlockingWaitStrategy());
        this.applyStage = new ApplyStage(schemas, settings.metadataSchema(),
                (failedEpoch, failure) -> signals.add(new Signal.ApplyFailed(failedEpoch, failure)),
                closedEpoch -> signals.add(new Signal.SessionClosed(closedEpoch)), settings.observer(),
                lagClock::commitEstimateOf, settings.clock());
        this.ring = disruptor.getRingBuffer();
        applyStage.readFrom(ring);
        disruptor.setDefaultExceptionHandler(new HaltingExceptionHandler());
    }

    public String name() {
        return settings.name();
    }

    /** What the channel was started with. */
    public ChannelSettings settings() {
        return settings;
    }

    /** Starts the channel; returns at once. Startup problems show up as {@link ChannelState#ERROR}. */
    public synchronized void start() {
        if (controller != null) {
            throw new IllegalStateException(logPrefix + " already started");
        }
        sourceWatch.start();
        controller = Thread.ofPlatform().name(logPrefix + "-controller").start(this::run);
    }

    public void requestStop() {
        stopRequested = true;
        signals.add(new Signal.StopRequested());
    }

    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return controller == null || controller.join(timeout);
    }

    @Override
    public void close() throws InterruptedException {
        requestStop();
        if (!awaitStop(STOP_TIMEOUT)) {
            log.warn("{}: did not stop within {}", logPrefix, STOP_TIMEOUT);
        }
    }

    public ChannelStatus status() {
        Instant now = settings.clock().instant();
        TransactionApplier current = applier;
        Checkpoint committed = current == null ? null : current.committedCheckpoint();
        Checkpoint passed = current == null ? null : current.passedCheckpoint();
        BinlogPosition executed = executedPosition();
        ChannelState currentState = state.get();

        // The latest sighting of the source's end vouches for "nothing more"; the furthest one is the end.
        SourceWatch.Sighting polled = sourceWatch.latest();
        BinlogPosition polledEnd = polled == null ? null : polled.binlogs().end();
        Instant polledAt = polled == null ? null : polled.binlogs().observedAt();
        BinlogPosition beatEnd = heartbeatEnd;
        Instant beatAt = heartbeatAt;
        boolean heartbeatIsLatest = beatAt != null && (polledAt == null || beatAt.isAfter(polledAt));
        BinlogPosition sightedEnd = heartbeatIsLatest ? beatEnd : polledEnd;
        Instant sightedAt = heartbeatIsLatest ? beatAt : polledAt;
        boolean heartbeatIsFurthest = beatEnd != null && (polledEnd == null || beatEnd.compareTo(polledEnd) > 0);
        BinlogPosition sourceEnd = heartbeatIsFurthest ? beatEnd : polledEnd;
        Instant sourceEndAt = heartbeatIsFurthest ? beatAt : polledAt;

        Duration lag = lagClock.lag(now, executed, sightedEnd, sightedAt, sightingLifetime());
        if (lag == null && currentState == ChannelState.RUNNING && passed != null && passed.sourceCommitTime() != null) {
            // Nothing seen yet in this session: the last finished transaction bounds the age of the next one.
            lag = Duration.between(passed.sourceCommitTime(), now).isNegative() ? Duration.ZERO
                    : Duration.between(passed.sourceCommitTime(), now);
        }
        Long bytesBehind = null;
        if (executed != null && sourceEnd != null && executed.compareTo(sourceEnd) >= 0) {
            bytesBehind = 0L;
        } else if (executed != null && polled != null) {
            bytesBehind = polled.binlogs().bytesAfter(executed);
        }
        return new ChannelStatus(settings.name(), currentState, now, readPosition, sourceEnd, sourceEndAt,
                committed == null ? null : committed.position(), executed,
                committed == null ? null : committed.lastGtid(), passed == null ? null : passed.sourceCommitTime(),
                lag, bytesBehind,
                earlierTransactions.get() + (current == null ? 0 : current.transactionsApplied()),
                earlierRows.get() + (current == null ? 0 : current.rowsApplied()),
                earlierStatements.get() + (current == null ? 0 : current.statementsApplied()),
                earlierSkips.get() + (current == null ? 0 : current.eventsSkipped()),
                reconnects.get(), lastError);
    }

    /** What the channel's parallel workers have done since it started. */
    public ParallelApplier.Activity parallelActivity() {
        return parallelActivity;
    }

    /** Exec_Master_Log_Pos: the end of the last group finished, or a later heartbeat's position. */
    private BinlogPosition executedPosition() {
        TransactionApplier current = applier;
        Checkpoint passed = current == null ? null : current.passedCheckpoint();
        BinlogPosition executed = passed == null ? null : passed.position();
        BinlogPosition heartbeat = applyStage.heartbeatPassed();
        return heartbeat != null && (executed == null || heartbeat.compareTo(executed) > 0) ? heartbeat : executed;
    }

    /** How long a sighting of the source's end vouches for it: the dead-link limit of three missed heartbeats. */
    private Duration sightingLifetime() {
        Duration longest = settings.heartbeatPeriod().compareTo(sourceWatch.period()) > 0 ? settings.heartbeatPeriod()
                : sourceWatch.period();
        return longest.multipliedBy(3);
    }

    /** The source's binlog end right now (SHOW MASTER STATUS): what "caught up" means at this moment. */
    public BinlogPosition currentSourceEnd() throws SQLException {
        return source.currentPosition();
    }

    private void run() {
        Duration backoff = INITIAL_BACKOFF;
        try {
            while (!stopRequested) {
                state.set(ChannelState.CONNECTING);
                Instant sessionStart = Instant.now();
                Outcome outcome = runOneSession();
                if (outcome.stop() || stopRequested) {
                    break;
                }
                if (!outcome.retriable()) {
                    fail(outcome.message(), outcome.position(), outcome.gtid());
                    return;
                }
                reconnects.incrementAndGet();
                state.set(ChannelState.RETRYING);
                lastError = new ChannelError(outcome.message(), settings.clock().instant(), outcome.position(),
                        outcome.gtid(), true);
                if (Duration.between(sessionStart, Instant.now()).compareTo(Duration.ofSeconds(30)) > 0) {
                    backoff = INITIAL_BACKOFF;
                }
                log.info("{}: retrying from the checkpoint in {} ms", logPrefix, backoff.toMillis());
                Signal signal = signals.poll(backoff.toMillis(), TimeUnit.MILLISECONDS);
                if (signal instanceof Signal.StopRequested) {
                    break;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
            state.set(ChannelState.STOPPED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            state.set(ChannelState.STOPPED);
        } catch (RuntimeException e) {
            fail("internal error: " + e, null, null);
            log.error("{}: internal error", logPrefix, e);
        } finally {
            sourceWatch.close();
            shutdownRing();
            log.info("{}: {}", logPrefix, state.get() == ChannelState.ERROR ? "stopped on error" : "stopped");
        }
    }

    private record Outcome(boolean stop, boolean retriable, String message, BinlogPosition position, Gtid gtid) {

        Outcome(boolean stop, boolean retriable, String message) {
            this(stop, retriable, message, null, null);
        }
    }

    private Outcome runOneSession() throws InterruptedException {
        TransactionApplier sessionApplier;
        StartPosition start;
        Checkpoint checkpoint;
        long sourceServerId;
        try {
            sourceServerId = source.serverId();
        } catch (SQLException e) {
            return new Outcome(false, true, "cannot reach the source " + settings.source().host() + ":" + settings.source().port() + ": " + e.getMessage());
        }
        try {
            Connection connection = settings.target().getConnection();
            try {
                // A pooled connection may carry another borrower's session identity; tandem's writes must not.
                TargetSession.resetIdentity(connection);
                store.prepare(connection, settings.name(), sourceServerId);
                Optional<Checkpoint> stored = store.load(connection, settings.name());
                checkpoint = stored.orElse(null);
                if (checkpoint != null && checkpoint.sourceServerId() != sourceServerId) {
                    connection.close();
                    return new Outcome(false, false, "the checkpoint of channel " + settings.name()
                            + " belongs to a master with server id " + checkpoint.sourceServerId() + ", but "
                            + settings.source().host() + ":" + settings.source().port() + " has server id "
                            + sourceServerId + ". Reseed the target from this master and set the checkpoint with"
                            + " 'tandem checkpoint set', or point the channel at the right master.");
                }
                start = checkpoint != null ? new StartPosition.AtFile(checkpoint.position()) : initialStart();
                String refusal = refuseIfPurged(start, checkpoint);
                if (refusal != null) {
                    connection.close();
                    return new Outcome(false, false, refusal);
                }
                if (checkpoint == null && start instanceof StartPosition.AtFile(BinlogPosition first)) {
                    // Store where the channel starts before reading anything: a restart must not take the
                    // master's "current" end again and silently skip what was written in between.
                    checkpoint = new Checkpoint(settings.name(), sourceServerId, first, GtidPosition.EMPTY, null, 0,
                            null, 0, AnnouncedStatements.NONE);
                    connection.setAutoCommit(true);
                    store.writeWithin(connection, checkpoint, false);
                    log.info("{}: no checkpoint yet; starting at {}", logPrefix, first);
                }
                sessionApplier = new TransactionApplier(logPrefix, settings.name(), sourceServerId, connection, store,
                        schemas, settings.policy(), settings.tagging(), checkpoint, settings.transactionsPerCommit(),
                        ungroupedThrough);
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
        } catch (SQLException e) {
            return new Outcome(false, true, "cannot prepare the target or read the source's binlogs: "
                    + e.getMessage());
        }
        if (targetServerId == 0) {
            targetServerId = sessionApplier.targetServerId();
            ChangeFilter filter = new MetadataSchemaFilter(store.schema(), store.neutralSchema(), settings.filter());
            filterStage = new FilterStage(filter, targetServerId, settings.ignoredServerIds(), settings.tagging(),
                    store);
            disruptor.handleEventsWith(new OneThreadStages(filterStage, new DecodeStage(), applyStage, ring));
            disruptor.start();
        } else if (sessionApplier.targetServerId() != targetServerId) {
            closeQuietly(sessionApplier);
            return new Outcome(false, false, "the target's server id changed from " + targetServerId + " to "
                    + sessionApplier.targetServerId() + "; restart the replicator");
        }
        int sessionEpoch = ++epoch;
        ParallelApplier workers = null;
        if (settings.parallelWorkers() > 1 && settings.tagging() == LoopPrevention.SERVER_ID) {
            try {
                workers = startWorkers(sessionApplier, sourceServerId, checkpoint, sessionEpoch);
            } catch (SQLException e) {
                closeQuietly(sessionApplier);
                return new Outcome(false, true, "cannot open the parallel workers' connections to the target: "
                        + e.getMessage());
            }
        }
        applier = sessionApplier;
        GtidPosition startGtid = checkpoint == null ? GtidPosition.EMPTY : checkpoint.gtidPosition();
        applyStage.attach(sessionApplier, sessionEpoch, startGtid, workers, serialThrough);
        lagClock.sessionStarted(checkpoint == null ? null : checkpoint.sourceCommitTime());
        // A first sighting before RUNNING, so lag and bytes behind are known from the first status on.
        sourceWatch.refreshNow();
        filterStage.attach(checkpoint == null ? AnnouncedStatements.NONE : checkpoint.announcedStatements());
        SourceSession session = source.open(sessionEpoch, start, event -> publish(sessionEpoch, event),
                (endedEpoch, failure) -> signals.add(new Signal.SessionEnded(endedEpoch, failure)));
        state.set(ChannelState.RUNNING);
        log.info("{}: reading {} from {}", logPrefix, settings.source(), describe(start));

        Outcome outcome = null;
        boolean sessionEnded = false;
        while (!sessionEnded) {
            Signal signal = signals.take();
            switch (signal) {
                case Signal.StopRequested stop -> {
                    outcome = outcome == null ? new Outcome(true, false, "stop requested", null, null) : outcome;
                    session.requestStop();
                }
                case Signal.ApplyFailed(int failedEpoch, ApplyStage.Failure failure) when failedEpoch == sessionEpoch -> {
                    if (outcome == null && failure.parallelThrough() != null) {
                        // Most likely a lock conflict between workers that the keys did not foresee: apply the
                        // stretch that was in flight serially, so the retry cannot meet it again.
                        serialThrough = failure.parallelThrough();
                    }
                    if (outcome == null && failure.insideGroupedCommit() && !failure.exception().isRetriable()
                            && failure.position() != null) {
                        ungroupedThrough = failure.position();
                        outcome = new Outcome(false, true, "applying again one transaction per commit up to "
                                + failure.position() + ", where a grouped commit failed: "
                                + failure.exception().getMessage(), failure.position(), failure.gtid());
                    } else if (outcome == null) {
                        outcome = new Outcome(false, failure.exception().isRetriable(),
                                failure.exception().getMessage(), failure.position(), failure.gtid());
                    }
                    session.requestStop();
                }
                case Signal.SessionEnded(int endedEpoch, SourceFailure failure) when endedEpoch == sessionEpoch -> {
                    if (outcome == null) {
                        outcome = new Outcome(false, failure == null || failure.retriable(),
                                failure == null ? "session ended" : failure.message(),
                                failure == null ? null : failure.at(), null);
                    }
                    sessionEnded = true;
                }
                default -> {
                    // A signal about an earlier session: already handled.
                }
            }
        }
        // Everything the session published is in the ring; close it behind them and wait for the applier.
        ring.publishEvent((slot, sequence) -> {
            slot.clear();
            slot.epoch = sessionEpoch;
            slot.endOfSession = true;
        });
        awaitSessionClosed(sessionEpoch);
        if (workers != null) {
            workers.close();
        }
        closeQuietly(sessionApplier);
        earlierTransactions.addAndGet(sessionApplier.transactionsApplied());
        earlierRows.addAndGet(sessionApplier.rowsApplied());
        earlierStatements.addAndGet(sessionApplier.statementsApplied());
        earlierSkips.addAndGet(sessionApplier.eventsSkipped());
        return outcome;
    }

    /** The session's parallel workers, each with its own target connection, resuming from {@code checkpoint}. */
    private ParallelApplier startWorkers(TransactionApplier sessionApplier, long sourceServerId, Checkpoint checkpoint,
            int sessionEpoch) throws SQLException {
        List<TransactionApplier> appliers = new ArrayList<>();
        try {
            for (int i = 0; i < settings.parallelWorkers(); i++) {
                Connection connection = settings.target().getConnection();
                try {
                    TargetSession.resetIdentity(connection);
                    ParallelApplier.prepareWorkerConnection(connection);
                    appliers.add(new TransactionApplier(logPrefix, settings.name(), sourceServerId, connection, store,
                            schemas, settings.policy(), settings.tagging(), checkpoint,
                            settings.transactionsPerCommit(), ungroupedThrough));
                } catch (SQLException | RuntimeException e) {
                    connection.close();
                    throw e;
                }
            }
        } catch (SQLException | RuntimeException e) {
            appliers.forEach(ReplicationChannel::closeQuietly);
            throw e;
        }
        return new ParallelApplier(logPrefix, sessionApplier, appliers, applyStage.parallelListener(sessionEpoch),
                parallelActivity);
    }

    private void awaitSessionClosed(int sessionEpoch) throws InterruptedException {
        while (true) {
            Signal signal = signals.poll(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (signal == null) {
                throw new IllegalStateException("the apply stage did not finish session " + sessionEpoch + " within "
                        + STOP_TIMEOUT);
            }
            if (signal instanceof Signal.SessionClosed(int closed) && closed == sessionEpoch) {
                return;
            }
            if (signal instanceof Signal.StopRequested) {
                stopRequested = true;
            }
        }
    }

    private void publish(int sessionEpoch, ChangeEvent event) {
        readPosition = event.at();
        switch (event) {
            case TransactionStarted started -> {
                Instant receivedAt = settings.clock().instant();
                SourceWatch.Sighting sighting = sourceWatch.latest();
                Duration clockOffset = sighting == null ? Duration.ZERO : sighting.clockOffset();
                lagClock.received(started.at(), LagClock.commitEstimate(started.sourceTime(), clockOffset, receivedAt),
                        receivedAt, executedPosition());
            }
            case SourceHeartbeat heartbeat when heartbeat.idle() -> {
                heartbeatEnd = heartbeat.at();
                heartbeatAt = heartbeat.receivedAt();
                lagClock.idle(heartbeat.receivedAt(), executedPosition());
            }
            default -> {
                // Positions inside a group are not places a channel can be caught up to.
            }
        }
        ring.publishEvent((slot, sequence) -> {
            slot.clear();
            slot.epoch = sessionEpoch;
            slot.event = event;
        });
    }

    private StartPosition initialStart() throws SQLException {
        return switch (settings.initialStart()) {
            case io.tandem.replicator.config.StartPosition.Current current ->
                    new StartPosition.AtFile(source.currentPosition());
            case io.tandem.replicator.config.StartPosition.Earliest earliest -> {
                List<String> files = source.binaryLogs();
                if (files.isEmpty()) {
                    throw new SQLException("the master has no binary logs");
                }
                yield new StartPosition.AtFile(new BinlogPosition(files.get(0), 4));
            }
            case io.tandem.replicator.config.StartPosition.AtBinlogPosition at -> new StartPosition.AtFile(at.position());
            case io.tandem.replicator.config.StartPosition.AtGtidPosition at -> new StartPosition.AtGtid(at.position());
        };
    }

    /** The refusal message when the start position's file is no longer on the master, else null. */
    private String refuseIfPurged(StartPosition start, Checkpoint checkpoint) throws SQLException {
        if (!(start instanceof StartPosition.AtFile(BinlogPosition position))) {
            return null;
        }
        List<String> files = source.binaryLogs();
        if (files.contains(position.file())) {
            return null;
        }
        return "CheckpointBeyondPurgedLogs: channel " + settings.name() + " must resume at " + position
                + (checkpoint == null ? " (configured start)" : " (its checkpoint)") + ", but the master "
                + settings.source().host() + ":" + settings.source().port() + " no longer has " + position.file()
                + " (purged); its oldest binlog is " + (files.isEmpty() ? "none" : files.get(0)) + ". The transactions in"
                + " between are gone, so resuming would lose them. Reseed: copy the master's data to the target"
                + " (mariadb-dump --single-transaction --master-data=2, or mariabackup), then set the checkpoint to"
                + " the copy's position with 'tandem checkpoint set --channel " + settings.name()
                + " --position FILE:POS'. Keep binlogs longer than the longest replicator outage"
                + " (binlog_expire_logs_seconds).";
    }

    private void fail(String message, BinlogPosition position, Gtid gtid) {
        lastError = new ChannelError(message, settings.clock().instant(), position, gtid, false);
        state.set(ChannelState.ERROR);
        log.error("{}: stopped: {}", logPrefix, message);
    }

    private void shutdownRing() {
        if (targetServerId != 0) {
            try {
                disruptor.shutdown(5, TimeUnit.SECONDS);
            } catch (com.lmax.disruptor.TimeoutException e) {
                disruptor.halt();
            }
        }
    }

    private static void closeQuietly(TransactionApplier closing) {
        try {
            closing.close();
        } catch (SQLException e) {
            log.debug("closing the target connection: {}", e.toString());
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }

    private static String describe(StartPosition start) {
        return switch (start) {
            case StartPosition.AtFile(BinlogPosition position) -> position.toString();
            case StartPosition.AtGtid(GtidPosition position) -> "GTID " + position;
        };
    }

    /** A stage threw past its own handling: record it and stop applying, never skip the event. */
    private final class HaltingExceptionHandler implements ExceptionHandler<EventSlot> {
        @Override
        public void handleEventException(Throwable ex, long sequence, EventSlot slot) {
            signals.add(new Signal.ApplyFailed(slot.epoch, new ApplyStage.Failure(new ApplyException(
                    "internal error in a stage at " + (slot.event == null ? "end of session" : slot.event.at()) + ": "
                            + ex, false, 0, ex), slot.event == null ? null : slot.event.at(), null, false)));
        }

        @Override
        public void handleOnStartException(Throwable ex) {
            log.error("{}: stage failed to start", logPrefix, ex);
        }

        @Override
        public void handleOnShutdownException(Throwable ex) {
            log.error("{}: stage failed to stop", logPrefix, ex);
        }
    }
}
