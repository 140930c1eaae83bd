package io.tandem.replicator.apply;

import io.tandem.replicator.checkpoint.AnnouncedStatements;
import io.tandem.replicator.checkpoint.Checkpoint;
import io.tandem.replicator.checkpoint.CheckpointStore;
import io.tandem.replicator.checkpoint.SkippedEvent;
import io.tandem.replicator.config.ErrorPolicy;
import io.tandem.replicator.config.LoopPrevention;
import io.tandem.replicator.config.ServerErrors;
import io.tandem.replicator.event.BinlogPosition;
import io.tandem.replicator.event.GtidPosition;
import io.tandem.replicator.event.RowImages;
import io.tandem.replicator.event.RowsChanged;
import io.tandem.replicator.event.StatementExecuted;
import io.tandem.replicator.event.TransactionCommitted;
import io.tandem.replicator.event.TransactionStarted;
import io.tandem.replicator.schema.SchemaCache;
import io.tandem.replicator.schema.TableSchema;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a channel's transactions to the target, one at a time, in source order.
 *
 * <h2>Transactions</h2>
 * A source transaction becomes one target transaction, opened lazily at its first change that passed
 * the filters, tagged with its origin ({@link LoopPrevention}), and committed together with the
 * channel's checkpoint row. A group with nothing to apply opens nothing; its end only advances the
 * position in memory, and that position is stored later with the next applied transaction or on an
 * idle heartbeat ({@link #flushPassedPosition()}).
 *
 * <h2>Standalone statements (DDL)</h2>
 * DDL commits implicitly, so its checkpoint follows in a transaction of its own, logged under the
 * target's own identity (never the origin's: that would invent a GTID in the origin's domain). If
 * tandem dies between the two, the restart re-reads the DDL; under server-id tagging the target
 * refuses its GTID (error 1950 under gtid_strict_mode) and the applier recognises it as already
 * applied, records that and moves on. Under marker tagging there is no such guard: the DDL runs a
 * second time and fails (table exists) or, for DDL that cannot fail twice, repeats.
 *
 * <p>Under marker tagging no marker row can share the DDL's transaction, so the applier commits an
 * announcement right before it, on the same connection ({@link AnnouncedStatements}); the reverse
 * reader recognises the DDL by the announced connection id.
 *
 * <h2>Grouping (catch-up)</h2>
 * When the apply stage says more is already waiting, a plain transaction's commit is held: the next
 * source transaction of the same origin joins the open target transaction, up to {@code groupLimit}, and
 * the group commits once with the last one's checkpoint. A backlog then costs one durable commit per
 * group instead of one per transaction; nothing is ever committed without its checkpoint, so exactly-once
 * holds, and a failure or crash anywhere in the group undoes all of it. MariaDB fixes a transaction's GTID
 * before its first write, so the apply stage plans a group from the events already waiting
 * ({@link #planGroup}) and the target logs it under its last member's GTID: the target's GTID position
 * stays the source's. Only under server-id tagging, where the origin is known at the group's start; DDL,
 * statements that commit implicitly, and a change of origin end a group.
 *
 * <h2>Failures</h2>
 * Every SQL error goes through one path: a skip rule may take it (recorded in the skip table, in the
 * same transaction), otherwise the transaction rolls back and an {@link ApplyException} names the
 * event, position, GTID and statement. Retriable errors are retried by the channel from the checkpoint.
 *
 * <p>Not thread-safe: owned by the apply stage's thread.
 */
public final class TransactionApplier implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TransactionApplier.class);
    private static final int ER_DUP_ENTRY = 1062;
    /** HA_ERR_KEY_NOT_FOUND as a native replica reports a row it cannot find: "Can't find record". */
    private static final int ER_KEY_NOT_FOUND = 1032;
    /** ER_GTID_STRICT_OUT_OF_ORDER: gtid_strict_mode refuses a GTID at or below the domain's last one. */
    private static final int ER_GTID_STRICT_OUT_OF_ORDER = 1950;

    private final String logPrefix;
    private final String channel;
    private final long sourceServerId;
    private final TargetSession session;
    private final CheckpointStore store;
    private final SchemaCache schemas;
    private final ErrorPolicy policy;
    private final LoopPrevention tagging;
    private final AtomicLong transactionsApplied = new AtomicLong();
    private final AtomicLong rowsApplied = new AtomicLong();
    private final AtomicLong statementsApplied = new AtomicLong();
    private final AtomicLong eventsSkipped = new AtomicLong();

    private volatile Checkpoint committed;
    /** Written by this applier's thread, or by a parallel worker adopting its commit (see {@link #adoptCommitted}). */
    private volatile Checkpoint passed;
    /** When this applier's commits may happen: at once, or in the channel's order among parallel workers. */
    private CommitTurn turn = CommitTurn.ALONE;
    private TransactionStarted group;
    private boolean open;
    /**
     * A standalone statement was not applied, and its skip record already sits in a transaction of the
     * target's own identity: the group's checkpoint joins that transaction, and the identity must not be
     * set again inside it (MariaDB refuses error 1953 ER_INSIDE_TRANSACTION_PREVENTS_SWITCH_GTID_DOMAIN_ID_SEQ_NO).
     */
    private boolean ownTransactionOpen;
    /**
     * A statement of this group committed implicitly on the target (CREATE TABLE ... SELECT): the rest of
     * the group goes into a target transaction of its own, which carries the checkpoint.
     */
    private boolean splitByImplicitCommit;
    /** A skip decided for that statement, recorded in the transaction that carries the checkpoint. */
    private SkippedEvent deferredSkip;
    /** The target's refusal of the last statement's GTID as one it already has (error 1950). */
    private SQLException alreadyApplied;
    private String lastStatement;
    /** Source transactions whose changes sit in the open target transaction, waiting for one commit. */
    private int heldTransactions;
    /** How many of them wrote something. */
    private int heldApplied;
    private long heldOrigin;
    private Checkpoint heldCheckpoint;
    /** The current group wrote to the target (as opposed to only joining a held target transaction). */
    private boolean groupWrote;
    private final int groupLimit;
    private final BinlogPosition ungroupedThrough;
    /** The GTID the next target transaction is logged under: the last member of a planned group, or null. */
    private io.tandem.replicator.event.Gtid plannedGtid;

    public TransactionApplier(String logPrefix, String channel, long sourceServerId, java.sql.Connection connection,
            CheckpointStore store, SchemaCache schemas, ErrorPolicy policy, LoopPrevention tagging,
            Checkpoint resumedFrom) throws SQLException {
        this(logPrefix, channel, sourceServerId, connection, store, schemas, policy, tagging, resumedFrom, 1, null);
    }

    /**
     * @param groupLimit how many source transactions one target commit may carry in a catch-up (1: one each)
     * @param ungroupedThrough up to this position each transaction commits on its own (a grouped commit failed
     *     there), or null
     */
    public TransactionApplier(String logPrefix, String channel, long sourceServerId, java.sql.Connection connection,
            CheckpointStore store, SchemaCache schemas, ErrorPolicy policy, LoopPrevention tagging,
            Checkpoint resumedFrom, int groupLimit, BinlogPosition ungroupedThrough) throws SQLException {
        this.ungroupedThrough = ungroupedThrough;
        if (groupLimit < 1) {
            throw new IllegalArgumentException("group limit must be at least 1: " + groupLimit);
        }
        this.groupLimit = tagging == LoopPrevention.SERVER_ID ? groupLimit : 1;
        this.logPrefix = logPrefix;
        this.channel = channel;
        this.sourceServerId = sourceServerId;
        this.session = new TargetSession(connection, store.neutralSchema());
        this.store = store;
        this.schemas = schemas;
        this.policy = policy;
        this.tagging = tagging;
        this.committed = resumedFrom;
        this.passed = resumedFrom;
    }

    /** The last checkpoint durably committed on the target, or null before the first. */
    public Checkpoint committedCheckpoint() {
        return committed;
    }

    /** The end of the last group this applier has finished with, applied or passed over. */
    public Checkpoint passedCheckpoint() {
        return passed;
    }

    public long transactionsApplied() {
        return transactionsApplied.get();
    }

    public long rowsApplied() {
        return rowsApplied.get();
    }

    public long statementsApplied() {
        return statementsApplied.get();
    }

    public long eventsSkipped() {
        return eventsSkipped.get();
    }

    public long targetServerId() {
        return session.ownServerId();
    }

    public java.sql.Connection connection() {
        return session.connection();
    }

    /** A new source group starts; nothing is sent to the target until something in it passes the filters. */
    public void begin(TransactionStarted started) throws ApplyException {
        begin(started, false);
    }

    /**
     * Starts a group.
     *
     * @param skippedOrigin the group's origin is one whose transactions are skipped (an echo): it writes
     *     nothing, so it may join held transactions of any origin
     */
    public void begin(TransactionStarted started, boolean skippedOrigin) throws ApplyException {
        if (heldTransactions > 0
                && (started.standalone() || (!skippedOrigin && started.originServerId() != heldOrigin))) {
            // A DDL commits on its own, another origin needs another tag: the held group commits first.
            commitHeld();
        }
        if (open && heldTransactions == 0) {
            throw fatal("transaction at " + started.at() + " starts while " + group.at() + " is still open", null);
        }
        group = started;
        groupWrote = false;
        open = heldTransactions > 0;
    }

    /**
     * Whether a group of transactions starting at {@code start} may share a target commit: grouping is on, the
     * origin is tagged by server id, and the channel is not re-applying a stretch where a grouped commit failed.
     */
    public boolean mayGroupAt(BinlogPosition start) {
        return groupLimit > 1 && heldTransactions == 0 && !open
                && (ungroupedThrough == null || start.compareTo(ungroupedThrough) > 0);
    }

    /** The most transactions one target commit may carry. */
    public int groupLimit() {
        return groupLimit;
    }

    /**
     * The group about to start is planned to end with the transaction of {@code lastGtid}: the target
     * transaction is logged under it. The caller then commits the members with {@code moreWaiting} until the last,
     * and clears the plan (null) when the group is over.
     */
    public void planGroup(io.tandem.replicator.event.Gtid lastGtid) {
        plannedGtid = lastGtid;
    }

    /** Whether source transactions wait in the open target transaction for a commit. */
    public boolean hasHeldTransactions() {
        return heldTransactions > 0;
    }

    /** Commits the held transactions with the last one's checkpoint; nothing when none is held. */
    public void commitHeld() throws ApplyException {
        if (heldTransactions == 0) {
            return;
        }
        Checkpoint next = heldCheckpoint;
        Checkpoint before;
        try {
            before = turn.awaitTurn(committed);
            store.writeWithin(session.connection(), next, heldApplied);
            session.commit();
        } catch (SQLException e) {
            throw failure(next.position(), next.position().position(), "COMMIT", "checkpoint and commit of "
                    + heldTransactions + " grouped transactions ending at " + next.position(), e);
        } finally {
            open = false;
        }
        recordCommitted(next, heldApplied, before);
        heldTransactions = 0;
        heldApplied = 0;
        heldCheckpoint = null;
    }

    private void recordCommitted(Checkpoint next, int applied, Checkpoint before) {
        committed = new Checkpoint(next.channel(), next.sourceServerId(), next.position(), next.gtidPosition(),
                next.lastGtid(), next.originServerId(), next.sourceCommitTime(),
                (before == null ? 0 : before.transactions()) + applied, next.announcedStatements());
        passed = committed;
        transactionsApplied.addAndGet(applied);
        turn.committed(committed, applied);
    }

    /**
     * Makes this applier's commits wait for {@code order}: parallel workers share one channel, whose target
     * commits must happen in source order (gtid_strict_mode refuses a lower GTID after a higher one).
     */
    public void commitIn(CommitTurn order) {
        this.turn = order;
    }

    /**
     * A parallel worker committed {@code checkpoint} for this applier's channel, at its turn: it is the channel's
     * checkpoint now. Called only while this applier has nothing open (the apply stage waits for the workers
     * before it uses this applier again).
     */
    public void adoptCommitted(Checkpoint checkpoint, long transactions, long rows, long statements, long skips) {
        committed = checkpoint;
        passed = checkpoint;
        transactionsApplied.addAndGet(transactions);
        rowsApplied.addAndGet(rows);
        statementsApplied.addAndGet(statements);
        eventsSkipped.addAndGet(skips);
    }

    /** As {@link #adoptCommitted}, for a worker's transactions that applied nothing: their end is passed. */
    public void adoptPassed(Checkpoint checkpoint, long skips) {
        if (passed == null || checkpoint.position().compareTo(passed.position()) > 0) {
            passed = checkpoint;
        }
        eventsSkipped.addAndGet(skips);
    }

    /**
     * The idle source reports its binlog end, which is a group boundary: outside a group, everything
     * before it is passed. Returns whether that moved the passed position into another binlog file than
     * the stored checkpoint's (the source rotated its binlog while idle).
     */
    public boolean passIdle(BinlogPosition end) {
        if (group != null || passed == null || end.compareTo(passed.position()) <= 0) {
            return false;
        }
        passed = new Checkpoint(passed.channel(), passed.sourceServerId(), end, passed.gtidPosition(),
                passed.lastGtid(), passed.originServerId(), passed.sourceCommitTime(), passed.transactions(),
                passed.announcedStatements());
        return committed == null || !end.file().equals(committed.position().file());
    }

    public boolean isInGroup() {
        return group != null;
    }

    /**
     * Opens the target transaction for a row event that will be applied, before anything else touches
     * the connection: reading the table's layout opens the table, which starts a transaction, and the
     * origin's GTID can only be set outside one (error 1953).
     */
    public void openForRows(RowsChanged event) throws ApplyException {
        try {
            openIfNeeded();
        } catch (SQLException e) {
            throw failure(event.at(), event.endPosition(), event.kind() + "_ROWS for " + event.table().table(),
                    "opening the transaction", e);
        }
    }

    /**
     * A row event that failed before it was written (reading its table's layout), worded as every
     * apply failure: error, position, GTID, what was attempted, checkpoint, and the command to inspect it.
     */
    public ApplyException rowsFailure(RowsChanged event, String attempted, SQLException e) {
        return failure(event.at(), event.endPosition(), event.kind() + "_ROWS for " + event.table().table(),
                attempted, e);
    }

    /** Applies one row event; {@code images} are its decoded rows. */
    public void applyRows(RowsChanged event, RowImages images, TableSchema schema) throws ApplyException {
        String description = RowWriter.describe(schema, images);
        try {
            openIfNeeded();
            session.prepareForRows(event.flags());
            if (policy.mayDiscardEvents()) {
                session.setSavepoint();
            }
            try {
                writeRows(event, images, schema);
                rowsApplied.addAndGet(images.rowCount());
            } catch (SQLException e) {
                if (!ServerErrors.isRetriable(e) && policy.shouldSkip(e.getErrorCode())) {
                    session.rollbackToSavepoint();
                    skipFromFailingRow(event, images, schema, description);
                    return;
                }
                throw e;
            }
        } catch (SQLException e) {
            throw failure(event.at(), event.endPosition(), event.kind() + "_ROWS for " + event.table().table(),
                    description, e);
        }
    }

    /**
     * Skips a row event under {@code slave-skip-errors} as a native replica does: it applies the rows in
     * order and gives up at the first that fails, so the rows before it stay applied and that row and the
     * rest of the event are dropped; the transaction's other events still apply. Called after the event's
     * multi-row attempt was rolled back to its savepoint; replays it one row at a time to find that row.
     * A row failing with an error the policy does not skip stops the channel, as it would natively.
     */
    private void skipFromFailingRow(RowsChanged event, RowImages images, TableSchema schema, String description)
            throws SQLException {
        int rows = images.rowCount();
        for (int row = 0; row < rows; row++) {
            RowImages single = new RowImages(images.kind(),
                    images.before().isEmpty() ? List.of() : images.before().subList(row, row + 1),
                    images.after().isEmpty() ? List.of() : images.after().subList(row, row + 1),
                    images.columnsBefore(), images.columnsAfter());
            try {
                writeRows(event, single, schema);
                rowsApplied.incrementAndGet();
            } catch (SQLException e) {
                if (ServerErrors.isRetriable(e) || !policy.shouldSkip(e.getErrorCode())) {
                    throw e;
                }
                // A failed single-row statement is undone by the server; nothing of this row remains.
                recordSkip(event.at(), "slave-skip-errors", e.getErrorCode(), e.getMessage() + " (row " + (row + 1)
                        + " of " + rows + "; the rows before it were applied, it and the " + (rows - row - 1)
                        + " after it skipped, as a native replica skips)", description);
                return;
            }
        }
        log.warn("{}: {} at {} failed as a whole but every row applied on its own; nothing skipped", logPrefix,
                description, event.at());
    }

    /** Runs one statement with the session context it had on the master. */
    public void applyStatement(StatementExecuted statement) throws ApplyException {
        lastStatement = statement.sql();
        if (!group.standalone() && commitsImplicitly(statement.sql())) {
            applyImplicitlyCommitting(statement);
            return;
        }
        try {
            boolean standalone = group.standalone();
            if (standalone) {
                // Implicit commit ahead: no transaction of ours may be open; tag the statement itself.
                if (!open) {
                    if (!tagForStatementUnlessApplied()) {
                        // A DDL applied before a crash, whose checkpoint did not follow: already done.
                        open = true;
                        recordSkipAfterRollback(statement, "gtid-already-applied", alreadyApplied);
                        return;
                    }
                    if (tagging == LoopPrevention.MARKER) {
                        // No marker row can share a DDL's transaction: announce it just before, on this connection.
                        store.announceStatementWithin(session.connection(), channel, group.originServerId(),
                            statement.context().threadId());
                        session.commit();
                    }
                    open = true;
                }
            } else {
                openIfNeeded();
            }
            session.prepareForStatement(statement.context());
            try {
                if (policy.mayDiscardEvents() && !standalone) {
                    session.setSavepoint();
                }
                runStatement(statement);
                statementsApplied.incrementAndGet();
            } catch (SQLException e) {
                if (standalone && e.getErrorCode() == ER_GTID_STRICT_OUT_OF_ORDER) {
                    // A DDL applied before a crash, whose checkpoint did not follow: already done.
                    recordSkipAfterRollback(statement, "gtid-already-applied", e);
                    return;
                }
                if (!ServerErrors.isRetriable(e) && policy.shouldSkip(e.getErrorCode())) {
                    if (!standalone) {
                        session.rollbackToSavepoint();
                        recordSkip(statement.at(), "slave-skip-errors", e.getErrorCode(), e.getMessage(),
                                statement.sql());
                    } else {
                        recordSkipAfterRollback(statement, "slave-skip-errors", e);
                    }
                    return;
                }
                throw e;
            } finally {
                session.releaseStatementTimestamp();
                // DDL changes layouts; a statement may change any session variable.
                schemas.invalidateAll();
            }
        } catch (SQLException e) {
            throw failure(statement.at(), statement.endPosition(), "QUERY", statement.sql(), e);
        }
    }

    /**
     * A statement that commits implicitly inside a source transaction. MariaDB logs CREATE TABLE ... SELECT
     * under binlog_format=ROW as one transaction: the generated CREATE TABLE, then the rows. On the target
     * the CREATE TABLE commits on its own, so it is applied as a standalone statement is (under the
     * origin's identity and GTID, or announced), and the rest of the group goes into a second target
     * transaction with the checkpoint. Under server-id tagging that one is logged with the origin's server
     * id, so no channel sends it back, in the target's own GTID domain, since the origin's single GTID
     * went to the CREATE TABLE. A crash between the two re-reads the group: the CREATE TABLE's GTID is
     * then refused (1950) and recognised as applied.
     */
    private void applyImplicitlyCommitting(StatementExecuted statement) throws ApplyException {
        if (heldTransactions > 0 && !groupWrote) {
            // The statement commits whatever is open: commit the held transactions properly first.
            commitHeld();
        }
        if (open || splitByImplicitCommit) {
            throw fatal("Cannot apply QUERY at " + statement.at() + " (GTID " + (group.gtid() == null ? "none"
                    : group.gtid()) + "): it commits implicitly, but earlier changes of its source transaction are"
                    + " already applied in the target transaction, which it would commit without its checkpoint."
                    + " Statement: " + abbreviate(statement.sql()) + ". Checkpoint left at " + (committed == null
                    ? "none" : committed.position()) + ". Apply the rest of this transaction by hand, then set the"
                    + " checkpoint past it with 'tandem checkpoint set'", null);
        }
        try {
            splitByImplicitCommit = true;
            if (!tagForStatementUnlessApplied()) {
                session.rollbackQuietly();
                session.forgetSessionState();
                deferredSkip = new SkippedEvent(channel, statement.at(), group.gtid(), "gtid-already-applied",
                        alreadyApplied.getErrorCode(), alreadyApplied.getMessage(), statement.sql());
                return;
            }
            if (tagging == LoopPrevention.MARKER) {
                store.announceStatementWithin(session.connection(), channel, group.originServerId(),
                            statement.context().threadId());
                session.commit();
            }
            session.prepareForStatement(statement.context());
            try {
                runStatement(statement);
                statementsApplied.incrementAndGet();
            } catch (SQLException e) {
                boolean alreadyApplied = tagging == LoopPrevention.SERVER_ID
                        && e.getErrorCode() == ER_GTID_STRICT_OUT_OF_ORDER;
                if (!alreadyApplied && (ServerErrors.isRetriable(e) || !policy.shouldSkip(e.getErrorCode()))) {
                    throw e;
                }
                session.rollbackQuietly();
                session.forgetSessionState();
                deferredSkip = new SkippedEvent(channel, statement.at(), group.gtid(),
                        alreadyApplied ? "gtid-already-applied" : "slave-skip-errors", e.getErrorCode(), e.getMessage(),
                        statement.sql());
            } finally {
                session.releaseStatementTimestamp();
                schemas.invalidateAll();
            }
        } catch (SQLException e) {
            throw failure(statement.at(), statement.endPosition(), "QUERY", statement.sql(), e);
        }
    }

    /**
     * Whether a statement commits implicitly: data definition other than on temporary tables. Errs towards
     * no (an unknown form runs inside the transaction, as before).
     */
    public static boolean commitsImplicitly(String sql) {
        String text = sql.strip();
        while (text.startsWith("/*") && !text.startsWith("/*!")) {
            int end = text.indexOf("*/");
            if (end < 0) {
                return false;
            }
            text = text.substring(end + 2).strip();
        }
        String[] words = text.split("[\\s(`]+", 6);
        if (words.length == 0) {
            return false;
        }
        String verb = words[0].toUpperCase(java.util.Locale.ROOT);
        if (!List.of("CREATE", "ALTER", "DROP", "RENAME", "TRUNCATE").contains(verb)) {
            return false;
        }
        // CREATE TEMPORARY, DROP TEMPORARY, CREATE OR REPLACE TEMPORARY: no implicit commit.
        boolean orReplace = words.length > 3 && words[1].equalsIgnoreCase("OR") && words[2].equalsIgnoreCase("REPLACE");
        int modifier = orReplace ? 3 : 1;
        return !(words.length > modifier && words[modifier].equalsIgnoreCase("TEMPORARY"));
    }

    /**
     * Ends the group: commits it with its checkpoint, or, if nothing was applied, only remembers the position.
     *
     * @param announcedAfter the reader's announced statements after this group, stored with the position
     */
    public void commit(TransactionCommitted commit, GtidPosition gtidAfter, boolean passedWithoutApplying,
            AnnouncedStatements announcedAfter) throws ApplyException {
        commit(commit, gtidAfter, passedWithoutApplying, announcedAfter, false);
    }

    /**
     * As {@link #commit(TransactionCommitted, GtidPosition, boolean, AnnouncedStatements)}; with
     * {@code moreWaiting}, a plain transaction's commit may be held for the next to join (see Grouping).
     */
    public void commit(TransactionCommitted commit, GtidPosition gtidAfter, boolean passedWithoutApplying,
            AnnouncedStatements announcedAfter, boolean moreWaiting) throws ApplyException {
        Checkpoint next = new Checkpoint(channel, sourceServerId, commit.end(), gtidAfter,
                group == null ? null : group.gtid(), group == null ? 0 : group.originServerId(),
                commit.sourceCommitTime(), committed == null ? 0 : committed.transactions(), announcedAfter);
        boolean holding = false;
        try {
            if (!open && splitByImplicitCommit) {
                // Only the implicitly committing statement ran: its checkpoint follows as the target's own write.
                session.tagAsOwn();
                recordDeferredSkip();
                open = true;
            }
            boolean wrote = heldTransactions == 0 ? open : groupWrote;
            if (open && moreWaiting && heldTransactions + 1 < groupLimit && !group.standalone()
                    && !ownTransactionOpen && !splitByImplicitCommit && deferredSkip == null) {
                if (heldTransactions == 0) {
                    heldOrigin = group.originServerId();
                }
                heldTransactions++;
                heldApplied += wrote ? 1 : 0;
                heldCheckpoint = new Checkpoint(next.channel(), next.sourceServerId(), next.position(),
                        next.gtidPosition(), next.lastGtid(), next.originServerId(), next.sourceCommitTime(),
                        committed == null ? 0 : committed.transactions(), next.announcedStatements());
                holding = true;
                return;
            }
            if (open) {
                if (group.standalone() && !ownTransactionOpen) {
                    // The DDL already committed itself; store its checkpoint as the target's own write.
                    session.tagAsOwn();
                }
                int applied = heldApplied + (wrote ? 1 : 0);
                Checkpoint before = turn.awaitTurn(committed);
                store.writeWithin(session.connection(), next, applied);
                session.commit();
                heldTransactions = 0;
                heldApplied = 0;
                heldCheckpoint = null;
                recordCommitted(next, applied, before);
            } else {
                passed = next;
            }
        } catch (SQLException e) {
            throw failure(commit.at(), commit.end().position(), "COMMIT", "checkpoint and commit", e);
        } finally {
            open = holding;
            ownTransactionOpen = false;
            splitByImplicitCommit = false;
            deferredSkip = null;
            group = null;
        }
    }

    /** The source rolled the group back: undo whatever of it was applied. */
    public void rollBack(BinlogPosition end, GtidPosition gtidAfter, AnnouncedStatements announcedAfter)
            throws ApplyException {
        if (heldTransactions > 0) {
            // A planned group never holds a transaction the source rolled back (the plan ends before one);
            // one that wrote inside held transactions could not be undone alone.
            if (groupWrote) {
                throw fatal("internal error: the transaction at " + group.at() + " was rolled back on the source"
                        + " but shares a target commit with earlier ones; nothing of them is committed", null);
            }
            heldCheckpoint = new Checkpoint(channel, sourceServerId, end, gtidAfter, heldCheckpoint.lastGtid(),
                    heldCheckpoint.originServerId(), heldCheckpoint.sourceCommitTime(), heldCheckpoint.transactions(),
                    announcedAfter);
            group = null;
            return;
        }
        session.rollbackQuietly();
        open = false;
        ownTransactionOpen = false;
        splitByImplicitCommit = false;
        deferredSkip = null;
        passed = new Checkpoint(channel, sourceServerId, end, gtidAfter, group == null ? null : group.gtid(),
                group == null ? 0 : group.originServerId(), passed == null ? null : passed.sourceCommitTime(),
                committed == null ? 0 : committed.transactions(), announcedAfter);
        group = null;
    }

    /** Whether the end of the last finished group is what the target's checkpoint row holds. */
    public boolean isPassedPositionStored() {
        return passed == null || (committed != null && passed.position().equals(committed.position()));
    }

    /** Stores the passed-over position when it is ahead of the committed one and no group is open. */
    public void flushPassedPosition() throws ApplyException {
        // Held transactions will store a later position when they commit.
        if (group != null || heldTransactions > 0 || isPassedPositionStored()) {
            return;
        }
        try {
            session.tagAsOwn();
            store.writeWithin(session.connection(), passed, false);
            session.commit();
            committed = passed;
        } catch (SQLException e) {
            session.rollbackQuietly();
            throw failure(passed.position(), passed.position().position(), "checkpoint", "checkpoint write", e);
        }
    }

    /** The session ended mid-group: undo the open transaction; the group will be read again. */
    public void abandon() {
        // Held transactions go too: nothing of theirs is committed, and the checkpoint says so.
        plannedGtid = null;
        heldTransactions = 0;
        heldApplied = 0;
        heldCheckpoint = null;
        session.rollbackQuietly();
        session.forgetSessionState();
        open = false;
        ownTransactionOpen = false;
        splitByImplicitCommit = false;
        deferredSkip = null;
        group = null;
    }

    /**
     * Opens the target transaction for the current group (tagged with its origin) if it is not open yet.
     * The apply stage calls it before reading a table's layout, so that the lookup runs inside it.
     */
    public void openForChanges(BinlogPosition at) throws ApplyException {
        try {
            openIfNeeded();
        } catch (SQLException e) {
            throw failure(at, at.position(), "transaction start", "tagging the transaction with its origin", e);
        }
    }

    private void openIfNeeded() throws SQLException {
        groupWrote = true;
        if (open) {
            return;
        }
        if (splitByImplicitCommit) {
            // The origin's GTID is spent; keep its server id, so no channel sends this back, in our own domain.
            session.tagAsOwn();
            if (tagging == LoopPrevention.SERVER_ID) {
                session.tagNextTransaction(group.originServerId(), null);
            }
        } else {
            tagForApply();
        }
        if (tagging == LoopPrevention.MARKER) {
            store.markOriginWithin(session.connection(), channel, group.originServerId());
        }
        open = true;
        recordDeferredSkip();
    }

    private void recordDeferredSkip() throws SQLException {
        if (deferredSkip != null) {
            SkippedEvent skip = deferredSkip;
            deferredSkip = null;
            recordSkip(skip.at(), skip.rule(), skip.errorCode(), skip.errorMessage(), skip.statement());
        }
    }

    /**
     * Tags a statement that commits on its own with its origin; false when the target already has its
     * GTID ({@link #alreadyApplied} then holds the refusal). MariaDB refuses such a GTID already at
     * {@code SET gtid_seq_no} under gtid_strict_mode (1950), before anything runs: the statement was
     * applied before a crash and its checkpoint did not follow.
     */
    private boolean tagForStatementUnlessApplied() throws SQLException {
        try {
            tagForApply();
            return true;
        } catch (SQLException e) {
            if (tagging == LoopPrevention.SERVER_ID && e.getErrorCode() == ER_GTID_STRICT_OUT_OF_ORDER) {
                alreadyApplied = e;
                return false;
            }
            throw e;
        }
    }

    private void tagForApply() throws SQLException {
        if (tagging == LoopPrevention.SERVER_ID) {
            session.tagNextTransaction(group.originServerId(), plannedGtid != null ? plannedGtid : group.gtid());
        }
        plannedGtid = null;
    }

    private void writeRows(RowsChanged event, RowImages images, TableSchema schema) throws SQLException {
        switch (images.kind()) {
            case INSERT -> {
                try {
                    RowWriter.insert(session.connection(), schema, images, false);
                } catch (SQLException e) {
                    if (!(policy.isIdempotent() && e.getErrorCode() == ER_DUP_ENTRY)) {
                        throw e;
                    }
                    // InnoDB rolled the failed statement back whole; write it again as an upsert.
                    RowWriter.insert(session.connection(), schema, images, true);
                    recordSkip(event.at(), "idempotent", e.getErrorCode(),
                            "duplicate key: rows overwritten with the source's values", RowWriter.describe(schema, images));
                }
            }
            case UPDATE -> {
                List<Integer> missing = RowWriter.update(session.connection(), schema, images);
                for (int row : missing) {
                    if (!policy.isIdempotent()) {
                        throw keyNotFound(schema, images);
                    }
                    RowWriter.insertAfterImage(session.connection(), schema, images, row);
                    recordSkip(event.at(), "idempotent", ER_KEY_NOT_FOUND,
                            "row to update not found: after-image inserted", RowWriter.describe(schema, images));
                }
            }
            case DELETE -> {
                List<Integer> missing = RowWriter.delete(session.connection(), schema, images);
                if (!missing.isEmpty()) {
                    if (!policy.isIdempotent()) {
                        throw keyNotFound(schema, images);
                    }
                    recordSkip(event.at(), "idempotent", ER_KEY_NOT_FOUND,
                            missing.size() + " row(s) to delete not found", RowWriter.describe(schema, images));
                }
            }
        }
    }

    private static SQLException keyNotFound(TableSchema schema, RowImages images) {
        return new SQLException("Can't find record in '" + schema.table().table() + "' (" + images.kind()
                + " matched no row on the target: the servers have diverged)", "HY000", ER_KEY_NOT_FOUND);
    }

    private void runStatement(StatementExecuted statement) throws SQLException {
        int expectedError = statement.context().errorCode();
        try {
            session.executeStatement(statement);
            if (expectedError != 0) {
                throw new SQLException("the statement failed on the master with error " + expectedError
                        + " but succeeded on the target", "HY000", expectedError);
            }
        } catch (SQLException e) {
            if (expectedError == 0 || e.getErrorCode() != expectedError) {
                throw e;
            }
            // The master logged it with this same error (a partly applied non-transactional statement).
        }
    }

    private void recordSkip(BinlogPosition at, String rule, int errorCode, String message, String statement)
            throws SQLException {
        store.recordSkipWithin(session.connection(), new SkippedEvent(channel, at, group == null ? null : group.gtid(),
                rule, errorCode, message, statement));
        eventsSkipped.incrementAndGet();
        log.warn("{}: skipped event at {} (GTID {}) by rule {}: error {}: {}", logPrefix, at,
                group == null ? "none" : group.gtid(), rule, errorCode, message);
    }

    /** A standalone statement that was not applied: record it in a transaction of the target's own. */
    private void recordSkipAfterRollback(StatementExecuted statement, String rule, SQLException e)
            throws SQLException {
        session.rollbackQuietly();
        session.forgetSessionState();
        session.tagAsOwn();
        recordSkip(statement.at(), rule, e.getErrorCode(), e.getMessage(), statement.sql());
        // The commit that ends the group writes the checkpoint in this same own-identity transaction.
        ownTransactionOpen = true;
    }

    private ApplyException failure(BinlogPosition at, long endPosition, String eventName, String statement,
            SQLException e) {
        session.rollbackQuietly();
        session.forgetSessionState();
        open = false;
        ownTransactionOpen = false;
        splitByImplicitCommit = false;
        deferredSkip = null;
        boolean retriable = ServerErrors.isRetriable(e);
        String gtid = group == null || group.gtid() == null ? "none" : group.gtid().toString();
        Checkpoint stoppedAt = turn.awaitEarlier(committed);
        String checkpoint = stoppedAt == null ? "none (no transaction applied yet)" : stoppedAt.position().toString();
        String message = "Cannot apply " + eventName + " at " + at + " (GTID " + gtid + "): error " + e.getErrorCode()
                + " (" + e.getSQLState() + ") " + e.getMessage() + ". Statement: " + abbreviate(statement)
                + ". Checkpoint left at " + checkpoint + ". Inspect with: mariadb-binlog --start-position="
                + at.position() + " --stop-position=" + Math.max(endPosition, at.position() + 1)
                + " --verbose --base64-output=decode-rows " + at.file();
        return new ApplyException(message, retriable, e.getErrorCode(), e);
    }

    private ApplyException fatal(String message, SQLException cause) {
        return new ApplyException(message, false, 0, cause);
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 500 ? text : text.substring(0, 500) + "...";
    }

    /** The statement last given to {@link #applyStatement}, for status. */
    public String lastStatement() {
        return lastStatement;
    }

    @Override
    public void close() throws SQLException {
        session.close();
    }
}
