package io.tandem.replicator.apply;

import io.tandem.replicator.checkpoint.Checkpoint;
import io.tandem.replicator.event.BinlogPosition;
import io.tandem.replicator.event.Gtid;
import io.tandem.replicator.event.GtidPosition;
import io.tandem.replicator.event.RowImages;
import io.tandem.replicator.event.RowsChanged;
import io.tandem.replicator.event.TransactionCommitted;
import io.tandem.replicator.event.TransactionStarted;
import io.tandem.replicator.schema.TableSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a channel's independent transactions concurrently, each worker on its own target connection, and
 * commits them in source order.
 *
 * <h2>Order</h2>
 * The apply stage hands over {@linkplain Unit units} (one source transaction, or several consecutive ones that
 * share a target commit) in source order, each with the {@linkplain RowKeys key values} it touches, and every
 * unit gets the next ticket. A unit waits before it starts until the last earlier unit sharing a key value has
 * finished, so two transactions that change the same row are applied in source order; units without shared
 * keys run at the same time. Every unit waits for its turn to commit: all earlier tickets finished. Commits
 * therefore happen in source order, which gtid_strict_mode requires of the GTIDs the target logs, and each
 * commit writes the channel's checkpoint in the same target transaction. The checkpoint is thus the low-water
 * mark: no committed transaction lies after it and none before it is missing, so a crash anywhere resumes
 * exactly as a serial channel does.
 *
 * <p>What the apply stage does not hand over (statements, DDL, tables whose locks do not follow their keys,
 * large transactions, echoes) it applies on its own connection after {@link #drain()}: such a transaction
 * is a barrier that every earlier one has finished before and no later one starts during.
 *
 * <h2>Failures</h2>
 * A failed unit makes every later unit roll back (those waiting to start, to commit, or still applying); the
 * earlier ones go on and commit. Only when all earlier units have finished is the failure reported, so the
 * channel stops exactly at the first failing transaction, as a serial channel would. A lock wait that the
 * keys did not foresee (an earlier unit waiting for a later one's row lock, which waits for its turn) ends in
 * the worker's short lock wait timeout, a retriable error; the channel then applies that stretch serially.
 *
 * <p>Thread use: {@link #dispatch} and {@link #drain} on the apply stage's thread; everything else on the
 * workers' threads.
 */
public final class ParallelApplier implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ParallelApplier.class);

    /** How long a worker waits for a row lock before the channel retries serially (see Failures). */
    static final Duration WORKER_LOCK_WAIT_TIMEOUT = Duration.ofSeconds(5);
    private static final int PRUNE_KEYS_ABOVE = 65_536;

    /** A row event of a unit, with its decoded rows and the target layout they are written with. */
    public record RowWork(RowsChanged event, RowImages images, TableSchema schema) {}

    /**
     * One source transaction of a unit.
     *
     * @param rows its row events that passed the filters
     * @param gtidAfter the channel's GTID position after it
     */
    public record Member(TransactionStarted started, List<RowWork> rows, TransactionCommitted commit,
            GtidPosition gtidAfter) {

        public Member {
            rows = List.copyOf(rows);
        }

        /** Rows in its applied events. */
        public long rowCount() {
            return rows.stream().mapToLong(work -> work.images().rowCount()).sum();
        }
    }

    /** Consecutive source transactions of one origin that one worker applies, in one target commit if several. */
    public record Unit(List<Member> members, long[] keys) {

        public Unit {
            members = List.copyOf(members);
        }

        public BinlogPosition end() {
            return members.getLast().commit().end();
        }
    }

    /** What the workers report, on their threads. */
    public interface Listener {

        /**
         * The first failing unit, once every unit before it has committed; none after it committed.
         *
         * @param at where the failing source transaction starts
         * @param dispatchedThrough the end of the last unit handed over: applying up to it serially avoids the
         *     same conflict on a retry
         */
        void failed(ApplyException exception, BinlogPosition at, Gtid gtid, boolean insideGroupedCommit,
                BinlogPosition dispatchedThrough);

        /** A unit committed, or passed without writing; {@code startNanos} is when its worker began it. */
        void committed(Unit unit, long startNanos);
    }

    private record Ticketed(long ticket, long dependsOn, Unit unit) {}

    private static final Ticketed STOP = new Ticketed(-1, -1, null);

    /** Thrown inside a worker whose unit must roll back because an earlier one failed. */
    private static final class Aborted extends RuntimeException {
        Aborted() {
            super(null, null, false, false);
        }
    }

    private final String logPrefix;
    private final TransactionApplier main;
    private final Listener listener;
    private final List<Worker> workers = new ArrayList<>();
    private final BlockingQueue<Ticketed> queue;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition progressed = lock.newCondition();
    /** Key hash to the last ticket that touched it. Apply stage's thread only. */
    private final Map<Long, Long> keyOwners = new HashMap<>();
    /** Tickets handed out. Apply stage's thread only. */
    private long dispatched;
    /** Every ticket up to this one has finished: committed, passed, or rolled back after a failure. */
    private volatile long finishedThrough;
    private volatile long earliestFailed = Long.MAX_VALUE;
    private volatile BinlogPosition dispatchedThrough;
    private final Activity activity;

    /**
     * How much a channel's workers did, over all its sessions: for status and tests.
     *
     * @param transactions source transactions the workers applied (committed or passed)
     * @param mostBusyAtOnce the most workers that were applying units at the same moment
     */
    public record Activity(java.util.concurrent.atomic.AtomicLong transactions,
            java.util.concurrent.atomic.AtomicInteger busy, java.util.concurrent.atomic.AtomicInteger mostBusyAtOnce) {

        public Activity() {
            this(new java.util.concurrent.atomic.AtomicLong(), new java.util.concurrent.atomic.AtomicInteger(),
                    new java.util.concurrent.atomic.AtomicInteger());
        }
    }

    /**
     * @param main the channel's own applier: it takes over each commit's checkpoint and counts
     * @param workerAppliers one applier per worker, each on its own connection ({@link #prepareWorkerConnection})
     * @param activity where the workers count what they do
     */
    public ParallelApplier(String logPrefix, TransactionApplier main, List<TransactionApplier> workerAppliers,
            Listener listener, Activity activity) {
        this.logPrefix = logPrefix;
        this.activity = activity;
        this.main = main;
        this.listener = listener;
        this.queue = new ArrayBlockingQueue<>(workerAppliers.size());
        for (int i = 0; i < workerAppliers.size(); i++) {
            Worker worker = new Worker(workerAppliers.get(i));
            workers.add(worker);
            worker.thread = Thread.ofPlatform().name(logPrefix + "-worker-" + i).daemon().start(worker);
        }
    }

    /**
     * Sets up a worker's connection: READ COMMITTED, so that InnoDB locks only the rows a change touches (no
     * gap locks between key values of different transactions), where the target's binlog format allows it;
     * and a short lock wait timeout (see Failures).
     */
    public static void prepareWorkerConnection(Connection connection) throws SQLException {
        String binlogFormat;
        try (Statement statement = connection.createStatement();
                var row = statement.executeQuery("SELECT @@session.binlog_format")) {
            binlogFormat = row.next() ? row.getString(1) : "";
        }
        if (!"STATEMENT".equalsIgnoreCase(binlogFormat)) {
            // Under binlog_format=STATEMENT, InnoDB refuses to log writes made in READ COMMITTED (error 1665).
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET SESSION innodb_lock_wait_timeout = " + WORKER_LOCK_WAIT_TIMEOUT.toSeconds());
        }
    }

    public int workerCount() {
        return workers.size();
    }

    /** Whether a unit failed: nothing more is handed over in this session. */
    public boolean hasFailed() {
        return earliestFailed != Long.MAX_VALUE;
    }

    /** Whether units are handed over and not finished. */
    public boolean isBusy() {
        return finishedThrough < dispatched;
    }

    /**
     * Hands a unit to the next free worker, blocking while all are busy; false (and nothing handed over) once a
     * unit has failed.
     */
    public boolean dispatch(Unit unit) throws InterruptedException {
        if (hasFailed()) {
            return false;
        }
        long ticket = ++dispatched;
        long dependsOn = 0;
        for (long key : unit.keys()) {
            Long owner = keyOwners.put(key, ticket);
            if (owner != null && owner != ticket && owner > dependsOn) {
                dependsOn = owner;
            }
        }
        if (keyOwners.size() > PRUNE_KEYS_ABOVE) {
            long finished = finishedThrough;
            keyOwners.values().removeIf(owner -> owner <= finished);
        }
        dispatchedThrough = unit.end();
        queue.put(new Ticketed(ticket, dependsOn, unit));
        return true;
    }

    /** Waits until every unit handed over has finished (committed, or rolled back after a failure). */
    public void drain() throws InterruptedException {
        lock.lock();
        try {
            while (finishedThrough < dispatched) {
                progressed.await();
            }
        } finally {
            lock.unlock();
        }
        keyOwners.clear();
    }

    /** Stops the workers (after {@link #drain()}) and returns their connections. */
    @Override
    public void close() {
        for (int i = 0; i < workers.size(); i++) {
            queue.offer(STOP);
        }
        for (Worker worker : workers) {
            try {
                if (!worker.thread.join(Duration.ofSeconds(10))) {
                    worker.thread.interrupt();
                    worker.thread.join(Duration.ofSeconds(5));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try (Statement statement = worker.applier.connection().createStatement()) {
                statement.execute("SET SESSION innodb_lock_wait_timeout = DEFAULT");
            } catch (SQLException e) {
                log.debug("{}: resetting a worker connection: {}", logPrefix, e.toString());
            }
            try {
                worker.applier.close();
            } catch (SQLException e) {
                log.debug("{}: closing a worker connection: {}", logPrefix, e.toString());
            }
        }
    }

    /** Waits until every ticket up to {@code through} has finished; with {@code abortable}, throws once an earlier one failed. */
    private void awaitFinished(long through, long ticket, boolean abortable) {
        lock.lock();
        try {
            while (finishedThrough < through) {
                if (abortable && earliestFailed < ticket) {
                    throw new Aborted();
                }
                progressed.awaitUninterruptibly();
            }
            if (abortable && earliestFailed < ticket) {
                throw new Aborted();
            }
        } finally {
            lock.unlock();
        }
    }

    private void finish(long ticket) {
        lock.lock();
        try {
            finishedThrough = ticket;
            progressed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void markFailed(long ticket) {
        lock.lock();
        try {
            if (ticket < earliestFailed) {
                earliestFailed = ticket;
            }
            progressed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private final class Worker implements Runnable, CommitTurn {

        private final TransactionApplier applier;
        private Thread thread;
        private Ticketed current;
        private boolean committedInUnit;
        private long rowsCounted;
        private long statementsCounted;
        private long skipsCounted;

        Worker(TransactionApplier applier) {
            this.applier = applier;
            applier.commitIn(this);
        }

        @Override
        public void run() {
            try {
                while (true) {
                    Ticketed next = queue.take();
                    if (next == STOP) {
                        return;
                    }
                    process(next);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void process(Ticketed ticketed) {
            current = ticketed;
            committedInUnit = false;
            long startNanos = System.nanoTime();
            Member member = null;
            boolean counted = false;
            try {
                awaitFinished(ticketed.dependsOn(), ticketed.ticket(), true);
                int busy = activity.busy().incrementAndGet();
                counted = true;
                activity.mostBusyAtOnce().accumulateAndGet(busy, Math::max);
                List<Member> members = ticketed.unit().members();
                Member last = members.getLast();
                applier.planGroup(members.size() > 1 ? last.started().gtid() : null);
                for (Member each : members) {
                    member = each;
                    applier.begin(each.started());
                    for (RowWork work : each.rows()) {
                        applier.openForRows(work.event());
                        applier.applyRows(work.event(), work.images(), work.schema());
                    }
                    applier.commit(each.commit(), each.gtidAfter(), false,
                            io.tandem.replicator.checkpoint.AnnouncedStatements.NONE, each != last);
                }
                applier.planGroup(null);
                // A unit that wrote nothing took no turn to commit; its end is passed in order all the same.
                awaitFinished(ticketed.ticket() - 1, ticketed.ticket(), true);
                if (!committedInUnit) {
                    main.adoptPassed(applier.passedCheckpoint(), skipsSinceLastCount());
                }
                listener.committed(ticketed.unit(), startNanos);
                activity.transactions().addAndGet(members.size());
                finish(ticketed.ticket());
            } catch (Aborted aborted) {
                applier.abandon();
                awaitFinished(ticketed.ticket() - 1, ticketed.ticket(), false);
                finish(ticketed.ticket());
            } catch (ApplyException e) {
                failed(ticketed, member, e);
            } catch (RuntimeException e) {
                log.error("{}: internal error in a worker", logPrefix, e);
                failed(ticketed, member, new ApplyException("Internal error applying the transaction at "
                        + (member == null ? ticketed.unit().members().getFirst().started().at() : member.started().at())
                        + ": " + e, false, 0, e));
            } finally {
                if (counted) {
                    activity.busy().decrementAndGet();
                }
            }
        }

        private void failed(Ticketed ticketed, Member member, ApplyException e) {
            boolean insideGroupedCommit = applier.hasHeldTransactions();
            applier.abandon();
            markFailed(ticketed.ticket());
            awaitFinished(ticketed.ticket() - 1, ticketed.ticket(), false);
            if (earliestFailed == ticketed.ticket()) {
                Member failing = member == null ? ticketed.unit().members().getFirst() : member;
                listener.failed(e, failing.started().at(), failing.started().gtid(), insideGroupedCommit,
                        dispatchedThrough);
            }
            finish(ticketed.ticket());
        }

        @Override
        public Checkpoint awaitTurn(Checkpoint ownLast) {
            awaitFinished(current.ticket() - 1, current.ticket(), true);
            return main.committedCheckpoint();
        }

        @Override
        public void committed(Checkpoint checkpoint, int transactions) {
            long rows = applier.rowsApplied();
            long statements = applier.statementsApplied();
            main.adoptCommitted(checkpoint, transactions, rows - rowsCounted, statements - statementsCounted,
                    skipsSinceLastCount());
            rowsCounted = rows;
            statementsCounted = statements;
            committedInUnit = true;
        }

        @Override
        public Checkpoint awaitEarlier(Checkpoint ownLast) {
            awaitFinished(current.ticket() - 1, current.ticket(), false);
            return main.committedCheckpoint();
        }

        private long skipsSinceLastCount() {
            long skips = applier.eventsSkipped();
            long delta = skips - skipsCounted;
            skipsCounted = skips;
            return delta;
        }
    }
}
