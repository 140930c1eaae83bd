package io.tandem.replicator.pipeline;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import io.tandem.replicator.apply.ApplyException;
import io.tandem.replicator.apply.ApplyObserver;
import io.tandem.replicator.apply.ParallelApplier;
import io.tandem.replicator.apply.RowKeys;
import io.tandem.replicator.apply.TransactionApplier;
import io.tandem.replicator.config.ServerErrors;
import io.tandem.replicator.event.BinlogPosition;
import io.tandem.replicator.event.Gtid;
import io.tandem.replicator.event.GtidPosition;
import io.tandem.replicator.event.RowImages;
import io.tandem.replicator.event.RowsChanged;
import io.tandem.replicator.event.SourceHeartbeat;
import io.tandem.replicator.event.StatementExecuted;
import io.tandem.replicator.event.TransactionCommitted;
import io.tandem.replicator.event.TransactionRolledBack;
import io.tandem.replicator.event.TransactionStarted;
import io.tandem.replicator.schema.SchemaCache;
import io.tandem.replicator.schema.TableSchema;
import io.tandem.replicator.source.RowDecoding;
import io.tandem.replicator.source.UndecodableEventException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * The last stage: hands each event of the live session to the {@link TransactionApplier}, and closes
 * sessions. It discards events of any session but the live one, and stops applying a session at its
 * first failure, which it reports once; the channel then ends the session and starts a new one from
 * the checkpoint.
 *
 * <p>Positions passed over because the user's filters skipped a group are stored on an idle heartbeat
 * or after a second. An idle source's heartbeat marks its binlog end, a group boundary: the channel has
 * passed everything before it. That position is stored only when it lies in a newer binlog file than
 * the checkpoint (the source rotated), so that the older files can be purged without stranding an idle
 * channel; storing every heartbeat position would write to the target's binlog on each one. Groups skipped as echoes (their origin is the target) and groups that only
 * touched tandem's own schema are never stored on their own: a restart reads and skips them again,
 * and storing them would write to the target's binlog, which the reverse channel reads.
 */
final class ApplyStage implements EventHandler<EventSlot> {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ApplyStage.class);

    private static final Duration PASSED_POSITION_FLUSH_INTERVAL = Duration.ofSeconds(1);
    /** Larger transactions stream through this stage's own connection instead of being held for a worker. */
    private static final int MAX_EVENTS_PER_UNIT = 256;
    private static final long MAX_ROWS_PER_UNIT = 2_000;

    private final SchemaCache schemas;
    private final String metadataSchema;
    private final BiConsumer<Integer, Failure> onFailure;
    private final IntConsumer onSessionClosed;
    private final ApplyObserver observer;
    private final Function<BinlogPosition, Instant> commitEstimates;
    private final InstantSource clock;
    private volatile TransactionApplier applier;
    private volatile int liveEpoch = -1;
    private volatile GtidPosition gtidPosition = GtidPosition.EMPTY;
    /** The position of the last heartbeat this stage passed: everything before it is finished. */
    private volatile BinlogPosition heartbeatPassed;
    private boolean failed;
    private boolean groupTouchedUserData;
    private boolean passedPositionDirty;
    private long lastFlushNanos = System.nanoTime();
    private TransactionStarted group;
    /** Applied transactions whose target commit is held; reported to the observer when it happens. */
    private final java.util.List<Applied> awaitingCommit = new java.util.ArrayList<>();
    private long groupStartNanos;
    /** Members of the planned group still to commit after the current one; 0 outside a planned group. */
    private int plannedAfterCurrent;
    /** The last sequence of the batch being handled: events up to it are already through the earlier stages. */
    private long batchEnd = -1;
    private long pendingBatchSize;
    private RingBuffer<EventSlot> ring;
    private long rowsBeforeGroup;
    /** The live session's parallel workers, or null when it applies serially. */
    private ParallelApplier parallel;
    /** Up to here the live session applies serially (parallel apply hit a conflict there), or null. */
    private BinlogPosition serialThrough;
    /** Events up to this sequence were handed to the workers with their transaction (or are in {@link #pending}). */
    private long dispatchedThroughSequence = -1;
    /** Copies of a transaction for the workers whose end had not arrived at the end of a batch, or null. */
    private List<EventSlot> pending;
    /** Applying {@link #pending} here: no hand-over. */
    private boolean replaying;

    /**
     * Why a session's applying stopped, and where.
     *
     * @param position where the group (or the event outside a group) that failed starts, or null
     * @param gtid that group's GTID, or null
     * @param parallelThrough for a failure of parallel apply, the end of the last transaction handed to the
     *     workers: a retry applies up to there serially; null otherwise
     */
    record Failure(ApplyException exception, BinlogPosition position, Gtid gtid, boolean insideGroupedCommit,
            BinlogPosition parallelThrough) {

        Failure(ApplyException exception, BinlogPosition position, Gtid gtid, boolean insideGroupedCommit) {
            this(exception, position, gtid, insideGroupedCommit, null);
        }
    }

    private record Applied(BinlogPosition start, long startNanos, long rows) {}

    ApplyStage(SchemaCache schemas, String metadataSchema, BiConsumer<Integer, Failure> onFailure,
            IntConsumer onSessionClosed, ApplyObserver observer, Function<BinlogPosition, Instant> commitEstimates,
            InstantSource clock) {
        this.schemas = schemas;
        this.metadataSchema = metadataSchema;
        this.onFailure = onFailure;
        this.onSessionClosed = onSessionClosed;
        this.observer = observer;
        this.commitEstimates = commitEstimates;
        this.clock = clock;
    }

    /** The ring this stage reads: planning a group looks at the events already waiting in it. */
    void readFrom(RingBuffer<EventSlot> events) {
        this.ring = events;
    }

    @Override
    public void onBatchStart(long batchSize, long queueDepth) {
        pendingBatchSize = batchSize;
    }

    /** Called by the channel before the session of {@code epoch} publishes anything. */
    void attach(TransactionApplier newApplier, int epoch, GtidPosition startGtid) {
        attach(newApplier, epoch, startGtid, null, null);
    }

    /**
     * As {@link #attach(TransactionApplier, int, GtidPosition)}, with {@code workers} (made with
     * {@link #parallelListener}) applying independent transactions concurrently, except up to {@code serialUpTo}.
     */
    void attach(TransactionApplier newApplier, int epoch, GtidPosition startGtid, ParallelApplier workers,
            BinlogPosition serialUpTo) {
        this.applier = newApplier;
        this.gtidPosition = startGtid;
        this.parallel = workers;
        this.serialThrough = serialUpTo;
        this.dispatchedThroughSequence = -1;
        this.liveEpoch = epoch;
    }

    /** What the workers of the session {@code epoch} report to: failures to the channel, commits to the observer. */
    ParallelApplier.Listener parallelListener(int epoch) {
        return new ParallelApplier.Listener() {
            @Override
            public void failed(ApplyException exception, BinlogPosition at, Gtid gtid, boolean insideGroupedCommit,
                    BinlogPosition dispatchedThrough) {
                onFailure.accept(epoch, new Failure(exception, at, gtid, insideGroupedCommit,
                        exception.isRetriable() ? dispatchedThrough : null));
            }

            @Override
            public void committed(ParallelApplier.Unit unit, long startNanos) {
                long now = System.nanoTime();
                Instant committedAt = clock.instant();
                for (ParallelApplier.Member member : unit.members()) {
                    Instant sourceCommit = commitEstimates.apply(member.started().at());
                    Duration delay = sourceCommit == null ? null : Duration.between(sourceCommit, committedAt);
                    observer.transactionApplied(Duration.ofNanos(now - startNanos),
                            delay == null || !delay.isNegative() ? delay : Duration.ZERO,
                            member.rowCount());
                }
            }
        };
    }

    GtidPosition gtidPosition() {
        return gtidPosition;
    }

    /** Where the last heartbeat that reached this stage said the source's binlog ended, or null. */
    BinlogPosition heartbeatPassed() {
        return heartbeatPassed;
    }

    @Override
    public void onEvent(EventSlot slot, long sequence, boolean endOfBatch) {
        if (pendingBatchSize > 0) {
            batchEnd = sequence + pendingBatchSize - 1;
            pendingBatchSize = 0;
        }
        if (slot.endOfSession) {
            plannedAfterCurrent = 0;
            pending = null;
            if (slot.epoch == liveEpoch && parallel != null) {
                awaitWorkers();
            }
            if (slot.epoch == liveEpoch && applier != null) {
                commitHeldAtSessionEnd();
                applier.abandon();
            }
            awaitingCommit.clear();
            failed = false;
            group = null;
            onSessionClosed.accept(slot.epoch);
            return;
        }
        if (slot.epoch != liveEpoch || failed || sequence <= dispatchedThroughSequence) {
            return;
        }
        if (parallel != null && parallel.hasFailed()) {
            // A worker's transaction failed; it reported that itself, once the ones before it had committed.
            failed = true;
            return;
        }
        if (pending != null) {
            collectPending(slot);
            return;
        }
        applyCatching(slot, sequence);
    }

    /**
     * The next event of a transaction whose start came at the end of a batch: once it is complete it goes to the
     * workers, or, when it turns out not to be for them (or too large), is applied here after they drain.
     */
    private void collectPending(EventSlot slot) {
        pending.add(slot.detachedCopy());
        boolean ended = !(slot.event instanceof RowsChanged);
        if (!ended && pending.size() <= MAX_EVENTS_PER_UNIT) {
            return;
        }
        List<EventSlot> held = pending;
        pending = null;
        if (handOver(held.getFirst(), (TransactionStarted) held.getFirst().event, 0, i -> held.get((int) i),
                held.size() - 1, false) == HandOver.HANDED) {
            return;
        }
        if (!awaitWorkers()) {
            return;
        }
        replaying = true;
        try {
            for (EventSlot each : held) {
                if (failed) {
                    return;
                }
                applyCatching(each, -1);
            }
        } finally {
            replaying = false;
        }
    }

    private void applyCatching(EventSlot slot, long sequence) {
        try {
            apply(slot, sequence);
        } catch (ApplyException e) {
            stopApplying(slot, e);
        } catch (UndecodableEventException e) {
            stopApplying(slot, new ApplyException("Cannot decode event at " + slot.event.at() + ": "
                    + e.getMessage() + checkpointNote(), false, 0, e));
        } catch (RuntimeException e) {
            stopApplying(slot, new ApplyException("Internal error at " + slot.event.at() + ": " + e
                    + checkpointNote(), false, 0, e));
        }
    }

    /** Held transactions are complete: a session that ends between groups commits them rather than re-reading them. */
    private void commitHeldAtSessionEnd() {
        if (failed || !applier.hasHeldTransactions() || applier.isInGroup() || plannedAfterCurrent > 0) {
            return;
        }
        try {
            applier.commitHeld();
            reportCommitted();
        } catch (ApplyException e) {
            // Nothing of them is committed; the next session reads them again from the checkpoint.
            log.info("committing held transactions at the end of a session failed; they will be applied again: {}",
                    e.getMessage());
        }
    }

    private void stopApplying(EventSlot slot, ApplyException failure) {
        failed = true;
        plannedAfterCurrent = 0;
        awaitingCommit.clear();
        // Earlier transactions sharing the failed one's target commit go down with it; the channel applies
        // them again one by one, so that it stops exactly at the failing one, as a native replica does.
        boolean insideGroupedCommit = applier.hasHeldTransactions();
        applier.abandon();
        BinlogPosition position = group != null ? group.at() : slot.event.at();
        onFailure.accept(slot.epoch, new Failure(failure, position, group == null ? null : group.gtid(),
                insideGroupedCommit));
    }

    private void apply(EventSlot slot, long sequence) throws ApplyException {
        if (slot.stopReason != null) {
            throw new ApplyException("Filters cannot decide on the event at " + slot.event.at() + ": "
                    + slot.stopReason + checkpointNote(), false, 0, null);
        }
        if (parallel != null && !replaying && group == null) {
            HandOver handOver = slot.event instanceof TransactionStarted started
                    ? handOver(slot, started, sequence, ring::get, batchEnd, true) : HandOver.NOT_FOR_WORKERS;
            switch (handOver) {
                case HANDED -> {
                    return;
                }
                case INCOMPLETE -> {
                    // The rest of it is not in the ring yet: hold copies until it is.
                    pending = new ArrayList<>();
                    for (long next = sequence; next <= batchEnd; next++) {
                        pending.add(ring.get(next).detachedCopy());
                    }
                    dispatchedThroughSequence = batchEnd;
                    return;
                }
                case NOT_FOR_WORKERS -> {
                    // Applied here, after every transaction handed over has committed.
                    if (!awaitWorkers()) {
                        return;
                    }
                }
            }
        }
        switch (slot.event) {
            case TransactionStarted started -> {
                group = started;
                groupTouchedUserData = false;
                groupStartNanos = System.nanoTime();
                rowsBeforeGroup = applier.rowsApplied();
                boolean hadHeld = applier.hasHeldTransactions();
                applier.begin(started, slot.groupSkipped);
                if (hadHeld && !applier.hasHeldTransactions()) {
                    reportCommitted();
                }
                if (sequence >= 0 && plannedAfterCurrent == 0 && !slot.groupSkipped && applier.mayGroupAt(started.at())) {
                    plannedAfterCurrent = planGroup(started, sequence);
                }
            }
            case RowsChanged rows -> {
                if (slot.markerOriginServerId != 0) {
                    // Under marker tagging the true origin travels in the marker row.
                    group = withOrigin(group, slot.markerOriginServerId);
                    applier.begin(group);
                }
                noteUserData(rows.table().table().database());
                if (slot.groupSkipped || slot.skipReason != null) {
                    return;
                }
                applyRows(slot, rows);
            }
            case StatementExecuted statement -> {
                if (slot.markerOriginServerId != 0) {
                    // An announced standalone statement: its origin travelled in the announcement.
                    group = withOrigin(group, slot.markerOriginServerId);
                    applier.begin(group);
                }
                noteUserData(statement.context().defaultDatabase());
                if (!slot.groupSkipped && slot.skipReason == null) {
                    applier.applyStatement(statement);
                }
            }
            case TransactionCommitted commit -> {
                if (group != null && group.gtid() != null) {
                    gtidPosition = gtidPosition.with(group.gtid());
                }
                // More events already waiting means a backlog: the applier may hold the commit for the next
                // transaction to join (one durable commit per group); the last one before a pause commits at once.
                boolean moreInGroup = plannedAfterCurrent > 0;
                if (moreInGroup) {
                    plannedAfterCurrent--;
                }
                applier.commit(commit, gtidPosition, slot.groupSkipped, slot.announced, moreInGroup);
                if (!moreInGroup) {
                    applier.planGroup(null);
                }
                if (!slot.groupSkipped && group != null) {
                    awaitingCommit.add(new Applied(group.at(), groupStartNanos, applier.rowsApplied() - rowsBeforeGroup));
                }
                if (!applier.hasHeldTransactions()) {
                    reportCommitted();
                }
                // Echoes of the target's own transactions (loop-skipped) are skipped again after a restart;
                // storing their position would add a GTID on the target that the source never sees. A held
                // transaction is not passed over: its group's commit stores its position.
                if (groupTouchedUserData && !slot.groupSkipped && !applier.hasHeldTransactions()
                        && !applier.isPassedPositionStored()) {
                    passedPositionDirty = true;
                }
                group = null;
                flushPassedPositionIfDue(false);
            }
            case TransactionRolledBack rolledBack -> {
                if (group != null && group.gtid() != null) {
                    gtidPosition = gtidPosition.with(group.gtid());
                }
                applier.rollBack(rolledBack.end(), gtidPosition, slot.announced);
                group = null;
            }
            case SourceHeartbeat heartbeat -> {
                // An idle heartbeat or a framing event between groups: either way nothing before it is left.
                if (applier.hasHeldTransactions()) {
                    applier.commitHeld();
                    reportCommitted();
                }
                if (applier.passIdle(heartbeat.at())) {
                    passedPositionDirty = true;
                }
                flushPassedPositionIfDue(true);
                heartbeatPassed = heartbeat.at();
            }
        }
    }

    /** Waits for the workers; false when one failed (it reported that itself) and this session applies no more. */
    private boolean awaitWorkers() {
        try {
            parallel.drain();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed = true;
            return false;
        }
        if (parallel.hasFailed()) {
            failed = true;
            return false;
        }
        return true;
    }

    /**
     * Hands the transaction starting at {@code sequence} to the workers, with the complete transactions of the
     * same origin that follow it in the ring and may share its target commit, when all of it is already here,
     * small, plain row changes, and on tables whose row locks follow their keys. Returns false, handing over
     * nothing, for anything else: the caller applies it serially.
     */
    private HandOver handOver(EventSlot first, TransactionStarted started, long sequence,
            java.util.function.LongFunction<EventSlot> events, long lastAvailable, boolean inRing) {
        if (first.groupSkipped || first.stopReason != null || started.standalone() || started.gtid() == null
                || applier.hasHeldTransactions() || plannedAfterCurrent > 0 || ring == null
                || (serialThrough != null && started.at().compareTo(serialThrough) <= 0)) {
            return HandOver.NOT_FOR_WORKERS;
        }
        boolean ineligible = false;
        int memberLimit = applier.mayGroupAt(started.at()) ? applier.groupLimit() : 1;
        List<ParallelApplier.Member> members = new ArrayList<>();
        List<ParallelApplier.RowWork> rows = new ArrayList<>();
        RowKeys keys = new RowKeys();
        int keysOfMembers = 0;
        TransactionStarted current = started;
        GtidPosition gtidAfter = gtidPosition;
        long lastMemberSequence = -1;
        long rowsInUnit = 0;
        boolean filteredInMember = false;
        boolean filteredInUnit = false;
        scan:
        for (long next = sequence + 1; next <= lastAvailable; next++) {
            EventSlot waiting = events.apply(next);
            if (waiting.endOfSession || waiting.epoch != liveEpoch || waiting.stopReason != null
                    || waiting.event == null || waiting.markerOriginServerId != 0 || next - sequence > MAX_EVENTS_PER_UNIT) {
                ineligible = true;
                break;
            }
            switch (waiting.event) {
                case RowsChanged changed -> {
                    if (waiting.skipReason != null) {
                        // As in serial apply, only filtered user data makes the passed position worth storing: storing
                        // it for the peer's checkpoint writes would write one back each time, in a loop.
                        filteredInMember |= isUserData(changed.table().table().database());
                        continue;
                    }
                    TableSchema schema = schemaForWorkers(changed);
                    RowImages images = schema == null ? null : imagesForWorkers(changed, waiting.rows, schema);
                    if (images == null || !keys.add(schema, images)) {
                        ineligible = true;
                        break scan;
                    }
                    rowsInUnit += images.rowCount();
                    if (rowsInUnit > MAX_ROWS_PER_UNIT) {
                        ineligible = true;
                        break scan;
                    }
                    rows.add(new ParallelApplier.RowWork(changed, images, schema));
                }
                case TransactionCommitted committed -> {
                    if (waiting.groupSkipped) {
                        ineligible = true;
                        break scan;
                    }
                    gtidAfter = gtidAfter.with(current.gtid());
                    members.add(new ParallelApplier.Member(current, rows, committed, gtidAfter));
                    lastMemberSequence = next;
                    keysOfMembers = keys.size();
                    filteredInUnit |= filteredInMember;
                    if (members.size() >= memberLimit) {
                        break scan;
                    }
                }
                case TransactionStarted following -> {
                    if (following.standalone() || waiting.groupSkipped || following.gtid() == null
                            || following.originServerId() != started.originServerId()) {
                        ineligible = true;
                        break scan;
                    }
                    current = following;
                    rows = new ArrayList<>();
                    filteredInMember = false;
                }
                default -> {
                    // Statements, rollbacks and framing events are applied serially.
                    ineligible = true;
                    break scan;
                }
            }
        }
        if (members.isEmpty()) {
            // Past the last event available, the first transaction may still turn out to be for the workers.
            return ineligible ? HandOver.NOT_FOR_WORKERS : HandOver.INCOMPLETE;
        }
        keys.truncate(keysOfMembers);
        if (inRing) {
            dispatchedThroughSequence = lastMemberSequence;
        }
        gtidPosition = gtidAfter;
        // Filtered changes leave a passed position the checkpoint should reach in time (see flushPassedPositionIfDue).
        passedPositionDirty |= filteredInUnit;
        try {
            if (!parallel.dispatch(new ParallelApplier.Unit(members, keys.hashes()))) {
                failed = true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed = true;
        }
        return HandOver.HANDED;
    }

    /** What {@link #handOver} did with a transaction. */
    private enum HandOver {
        /** The workers have it (and the complete transactions after it that share its commit). */
        HANDED,
        /** Not for the workers: applied here. */
        NOT_FOR_WORKERS,
        /** For the workers so far, but its end is not in the ring yet. */
        INCOMPLETE
    }

    /** The cached target layout of a row event's table, when workers may apply it: else null. */
    private TableSchema schemaForWorkers(RowsChanged rows) {
        TableSchema schema = schemas.cached(rows.table().table());
        if (schema == null || columnDifference(rows, schema) != null) {
            return null;
        }
        TableSchema seen = schema.prefix(rows.table().columnCount());
        return RowKeys.keysIsolateRows(seen) ? seen : null;
    }

    private static RowImages imagesForWorkers(RowsChanged rows, RowImages decoded, TableSchema schema) {
        if (decoded != null) {
            return decoded;
        }
        try {
            return decodeWith(rows, schema);
        } catch (UndecodableEventException e) {
            return null; // applied serially, where the error stops the channel with its position
        }
    }

    /**
     * Plans a group starting with {@code first} from the events already waiting in the ring (through the earlier
     * stages, not yet here): the following complete transactions of the same origin that can share its target
     * commit, up to the applier's limit. Tells the applier the last member's GTID and returns how many members
     * follow the first; 0 when the first commits on its own.
     */
    private int planGroup(TransactionStarted first, long firstSequence) {
        if (ring == null || first.standalone() || first.gtid() == null) {
            return 0;
        }
        int complete = 0;
        io.tandem.replicator.event.Gtid lastGtid = null;
        TransactionStarted current = first;
        boolean currentJoinable = true;
        scan:
        for (long next = firstSequence + 1; next <= batchEnd && complete < applier.groupLimit(); next++) {
            EventSlot waiting = ring.get(next);
            if (waiting.endOfSession || waiting.epoch != liveEpoch || waiting.stopReason != null
                    || waiting.event == null) {
                break;
            }
            switch (waiting.event) {
                case TransactionStarted started -> {
                    if (started.standalone() || waiting.groupSkipped || started.gtid() == null
                            || started.originServerId() != first.originServerId()) {
                        break scan;
                    }
                    current = started;
                    currentJoinable = true;
                }
                case StatementExecuted statement -> {
                    if (TransactionApplier.commitsImplicitly(statement.sql())) {
                        currentJoinable = false;
                    }
                }
                case RowsChanged rows -> {
                    if (waiting.markerOriginServerId != 0) {
                        currentJoinable = false;
                    }
                }
                case TransactionCommitted committed -> {
                    if (!currentJoinable || waiting.groupSkipped) {
                        break scan;
                    }
                    complete++;
                    lastGtid = current.gtid();
                }
                case TransactionRolledBack rolledBack -> {
                    break scan;
                }
                case SourceHeartbeat heartbeat -> {
                    break scan;
                }
            }
        }
        if (complete < 2) {
            return 0;
        }
        applier.planGroup(lastGtid);
        return complete - 1;
    }

    /** Tells the observer about every transaction the last target commit carried. */
    private void reportCommitted() {
        long now = System.nanoTime();
        Instant committedAt = clock.instant();
        for (Applied applied : awaitingCommit) {
            Instant sourceCommit = commitEstimates.apply(applied.start());
            Duration delay = sourceCommit == null ? null : Duration.between(sourceCommit, committedAt);
            observer.transactionApplied(Duration.ofNanos(now - applied.startNanos()),
                    delay == null || !delay.isNegative() ? delay : Duration.ZERO, applied.rows());
        }
        awaitingCommit.clear();
    }

    private void applyRows(EventSlot slot, RowsChanged rows) throws ApplyException {
        applier.openForRows(rows);
        TableSchema schema;
        try {
            schema = schemas.get(applier.connection(), rows.table().table());
            if (schema.columns().size() != rows.table().columnCount()) {
                // The cached layout may predate DDL run by someone else; read it once more before giving up.
                schemas.invalidate(rows.table().table());
                schema = schemas.get(applier.connection(), rows.table().table());
            }
        } catch (SQLException e) {
            throw applier.rowsFailure(rows, "reading the layout of " + rows.table().table() + " on the target", e);
        }
        schema = matchSourceColumns(rows, schema);
        RowImages images = slot.rows;
        if (images == null) {
            images = decodeWith(rows, schema);
        }
        applier.applyRows(rows, images, schema);
    }

    /**
     * The target layout as the source's event sees it. A target with more columns than the source is
     * accepted when the source's columns are its leading ones (by name, when the binlog carries names),
     * as native replication accepts it; anything else is a schema difference that stops the channel.
     */
    private TableSchema matchSourceColumns(RowsChanged rows, TableSchema schema) throws ApplyException {
        String difference = columnDifference(rows, schema);
        if (difference != null) {
            throw new ApplyException(difference + checkpointNote(), false, 0, null);
        }
        return schema.prefix(rows.table().columnCount());
    }

    /** How the target's layout differs from the source's event, as {@link #matchSourceColumns} refuses it; else null. */
    private static String columnDifference(RowsChanged rows, TableSchema schema) {
        int sourceColumns = rows.table().columnCount();
        if (schema.columns().size() < sourceColumns) {
            return "Table " + rows.table().table() + " has " + schema.columns().size() + " columns on the target but "
                    + sourceColumns + " in the source's event at " + rows.at() + ": the schemas differ";
        }
        if (rows.table().hasColumnNames()) {
            for (int i = 0; i < sourceColumns; i++) {
                String sourceName = rows.table().columnNames().get(i);
                String targetName = schema.columns().get(i).name();
                if (!sourceName.equalsIgnoreCase(targetName)) {
                    return "Column " + (i + 1) + " of " + rows.table().table() + " is " + sourceName
                            + " in the source's event at " + rows.at() + " but " + targetName
                            + " on the target: the schemas differ";
                }
            }
        }
        return null;
    }

    /** Decodes a row event the decode stage could not, with the target layout's signedness. */
    private static RowImages decodeWith(RowsChanged rows, TableSchema schema) {
        boolean[] unsigned = new boolean[schema.columns().size()];
        for (int i = 0; i < unsigned.length; i++) {
            unsigned[i] = schema.columns().get(i).unsigned();
        }
        return RowDecoding.decode(rows, unsigned);
    }

    private void noteUserData(String database) {
        if (isUserData(database)) {
            groupTouchedUserData = true;
        }
    }

    /** Whether changes in {@code database} are the user's rather than tandem's own bookkeeping. */
    private boolean isUserData(String database) {
        return database == null || !database.equalsIgnoreCase(metadataSchema);
    }

    private void flushPassedPositionIfDue(boolean idle) throws ApplyException {
        if (!passedPositionDirty || applier.isInGroup() || (parallel != null && parallel.isBusy())) {
            return;
        }
        if (idle || System.nanoTime() - lastFlushNanos > PASSED_POSITION_FLUSH_INTERVAL.toNanos()) {
            applier.flushPassedPosition();
            passedPositionDirty = false;
            lastFlushNanos = System.nanoTime();
        }
    }

    private String checkpointNote() {
        var checkpoint = applier.committedCheckpoint();
        return ". Checkpoint left at " + (checkpoint == null ? "none (nothing applied yet)" : checkpoint.position());
    }

    private static TransactionStarted withOrigin(TransactionStarted started, long origin) {
        return new TransactionStarted(started.at(), origin, started.gtid(), started.standalone(), started.commitId(),
                started.sourceTime());
    }
}
