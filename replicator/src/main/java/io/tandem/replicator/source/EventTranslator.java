package io.tandem.replicator.source;

import com.github.shyiko.mysql.binlog.event.ByteArrayEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.FormatDescriptionEventData;
import com.github.shyiko.mysql.binlog.event.IntVarEventData;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import io.tandem.replicator.event.BinlogPosition;
import io.tandem.replicator.event.ChangeEvent;
import io.tandem.replicator.event.Gtid;
import io.tandem.replicator.event.RowChange;
import io.tandem.replicator.event.RowsChanged;
import io.tandem.replicator.event.SourceHeartbeat;
import io.tandem.replicator.event.StatementContext;
import io.tandem.replicator.event.StatementExecuted;
import io.tandem.replicator.event.TransactionCommitted;
import io.tandem.replicator.event.TransactionRolledBack;
import io.tandem.replicator.event.TransactionStarted;
import io.tandem.replicator.schema.TableMap;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns the library's events into tandem's {@link ChangeEvent}s, one session at a time. It is the only
 * place that knows the shapes of event groups (binlog notes 1.2):
 *
 * <pre>
 * MariaDB ROW:   MARIADB_GTID, [ANNOTATE_ROWS], (TABLE_MAP, *_ROWS)..., XID
 * MariaDB DDL:   MARIADB_GTID (FL_STANDALONE), QUERY            -- no XID: the QUERY ends the group
 * MIXED DML:     MARIADB_GTID, [INTVAR|RAND|USER_VAR]..., QUERY, XID
 * MyISAM:        MARIADB_GTID, ..., QUERY "COMMIT"
 * MySQL:         GTID, QUERY "BEGIN", ..., XID                 -- DDL: GTID, QUERY
 * </pre>
 *
 * <p>Anything it cannot place exactly throws {@link UndecodableEventException}: the caller stops the
 * session, so no event is ever dropped silently.
 *
 * <p>Not thread-safe; used only by the session's connector thread.
 */
final class EventTranslator {

    private static final long MARIADB_EXPLICIT_DEF_TIMESTAMP = 0x0100_0000L;

    private final Consumer<ChangeEvent> publish;
    private final InstantSource clock;
    private final Map<Long, TableMap> tableMaps = new HashMap<>();
    private String file;
    private boolean inGroup;
    private boolean groupIsStandalone;
    private boolean groupHasExplicitBegin;
    private boolean mysqlGroup;
    private final List<StatementContext.UserVariable> pendingUserVariables = new ArrayList<>();
    private Long pendingInsertId;
    private boolean mariadbSource;
    private Long pendingLastInsertId;
    private long[] pendingRandSeeds;

    EventTranslator(String startFile, InstantSource clock, Consumer<ChangeEvent> publish) {
        this.file = startFile;
        this.clock = clock;
        this.publish = publish;
    }

    /** The binlog file the next event belongs to, as the last ROTATE named it. */
    String currentFile() {
        return file;
    }

    void translate(Event event) {
        EventHeaderV4 header = event.getHeader();
        EventType type = header.getEventType();
        if (type == EventType.ROTATE) {
            rotate((RotateEventData) event.getData());
            return;
        }
        // Artificial events (the ROTATE and FORMAT_DESCRIPTION a connect begins with) carry position 0.
        BinlogPosition at = position(Math.max(0, header.getPosition()));
        switch (type) {
            case ROTATE -> throw new IllegalStateException("handled above");
            case FORMAT_DESCRIPTION -> {
                formatDescription(event.getData());
                passFraming(header);
            }
            case MARIADB_GTID_LIST, BINLOG_CHECKPOINT, PREVIOUS_GTIDS, STOP -> passFraming(header);
            case ANNOTATE_ROWS, ROWS_QUERY, IGNORABLE -> {
                // Nothing to apply: stream framing, GTID bookkeeping, or the text of a row statement.
            }
            case HEARTBEAT -> heartbeat(header, event.getData());
            case MARIADB_GTID -> mariadbGtid(header, at, bytes(event, at));
            case GTID, ANONYMOUS_GTID -> mysqlGtid(header, at);
            case QUERY -> query(header, at, bytes(event, at));
            case INTVAR -> intvar((IntVarEventData) event.getData(), at);
            case RAND -> pendingRandSeeds = SessionEventDecoder.decodeRand(bytes(event, at));
            case USER_VAR -> pendingUserVariables.add(SessionEventDecoder.decodeUserVar(bytes(event, at)));
            case TABLE_MAP -> tableMap((TableMapEventData) requireData(event, at));
            case WRITE_ROWS, PRE_GA_WRITE_ROWS -> rows(header, at, RowChange.INSERT, bytes(event, at), 1);
            case UPDATE_ROWS, PRE_GA_UPDATE_ROWS -> rows(header, at, RowChange.UPDATE, bytes(event, at), 1);
            case DELETE_ROWS, PRE_GA_DELETE_ROWS -> rows(header, at, RowChange.DELETE, bytes(event, at), 1);
            case EXT_WRITE_ROWS -> rows(header, at, RowChange.INSERT, bytes(event, at), 2);
            case EXT_UPDATE_ROWS -> rows(header, at, RowChange.UPDATE, bytes(event, at), 2);
            case EXT_DELETE_ROWS -> rows(header, at, RowChange.DELETE, bytes(event, at), 2);
            case XID -> commit(header, at);
            case INCIDENT -> throw new UndecodableEventException("INCIDENT event at " + at
                    + ": the master reports that it lost events (a native replica stops here too). Compare the"
                    + " servers, then restart the channel after the incident with an explicit start position.");
            default -> throw new UndecodableEventException(type + " event at " + at + " is not supported by tandem"
                    + (type == EventType.UNKNOWN
                            ? " (an unknown type code; MariaDB's compressed events, log_bin_compress=ON, look like this)"
                            : "")
                    + "; stopping rather than skipping it.");
        }
    }

    /** The master's flavour decides what some Q_FLAGS2 bits mean. */
    private void formatDescription(Object data) {
        if (data instanceof FormatDescriptionEventData description && description.getServerVersion() != null) {
            mariadbSource = description.getServerVersion().contains("MariaDB");
        }
    }

    private void rotate(RotateEventData data) {
        file = data.getBinlogFilename();
        // Table ids are only valid within one binlog file.
        tableMaps.clear();
    }

    private void heartbeat(EventHeaderV4 header, Object data) {
        String heartbeatFile = data instanceof ByteArrayEventData bytes
                ? new String(bytes.getData(), StandardCharsets.UTF_8)
                : file;
        if (heartbeatFile != null && !heartbeatFile.isEmpty() && header.getNextPosition() > 0) {
            publish.accept(new SourceHeartbeat(new BinlogPosition(heartbeatFile, header.getNextPosition()),
                    clock.instant(), true));
        }
    }

    /**
     * A framing event between groups moves the position without anything to apply. Passing it on lets the
     * channel reach the binlog's end after a rotation without waiting for the next heartbeat. The artificial
     * events a connection starts with carry no position and are not passed on.
     */
    private void passFraming(EventHeaderV4 header) {
        if (!inGroup && header.getPosition() > 0 && header.getNextPosition() > 0 && file != null) {
            publish.accept(new SourceHeartbeat(new BinlogPosition(file, header.getNextPosition()), clock.instant(),
                    false));
        }
    }

    private void mariadbGtid(EventHeaderV4 header, BinlogPosition at, byte[] body) {
        requireOutsideGroup(at, "MARIADB_GTID");
        SessionEventDecoder.MariadbGtid gtid = SessionEventDecoder.decodeMariadbGtid(body);
        inGroup = true;
        mysqlGroup = false;
        groupHasExplicitBegin = false;
        groupIsStandalone = gtid.hasFlag(SessionEventDecoder.MariadbGtid.FL_STANDALONE);
        publish.accept(new TransactionStarted(at, header.getServerId(),
                new Gtid(gtid.domainId(), header.getServerId(), gtid.sequence()), groupIsStandalone, gtid.commitId(),
                Instant.ofEpochMilli(header.getTimestamp())));
    }

    private void mysqlGtid(EventHeaderV4 header, BinlogPosition at) {
        requireOutsideGroup(at, header.getEventType().name());
        inGroup = true;
        mysqlGroup = true;
        groupHasExplicitBegin = false;
        groupIsStandalone = false;
        publish.accept(new TransactionStarted(at, header.getServerId(), null, false, 0,
                Instant.ofEpochMilli(header.getTimestamp())));
    }

    private void query(EventHeaderV4 header, BinlogPosition at, byte[] body) {
        QueryEventDecoder.DecodedQuery query = QueryEventDecoder.decode(body, header.getFlags(),
                header.getTimestamp() / 1000);
        String sql = query.sql().strip();
        if (sql.equalsIgnoreCase("BEGIN") || sql.equalsIgnoreCase("START TRANSACTION")) {
            if (!inGroup) {
                inGroup = true;
                groupIsStandalone = false;
                publish.accept(new TransactionStarted(at, header.getServerId(), null, false, 0,
                        Instant.ofEpochMilli(header.getTimestamp())));
            }
            groupHasExplicitBegin = true;
            return;
        }
        if (sql.equalsIgnoreCase("COMMIT")) {
            commit(header, at);
            return;
        }
        if (sql.equalsIgnoreCase("ROLLBACK")) {
            requireInsideGroup(at, "ROLLBACK");
            publish.accept(new TransactionRolledBack(at, position(header.getNextPosition())));
            endGroup();
            return;
        }
        boolean opensItsOwnGroup = !inGroup;
        if (opensItsOwnGroup) {
            // A statement outside any group: a master without GTIDs logging DDL. It is its own transaction.
            publish.accept(new TransactionStarted(at, header.getServerId(), null, true, 0,
                    Instant.ofEpochMilli(header.getTimestamp())));
            inGroup = true;
            groupIsStandalone = true;
        }
        publish.accept(new StatementExecuted(at, query.sql(), withSessionEvents(query.context()),
                header.getNextPosition(), query.clientBytes()));
        // MariaDB marks one-statement groups FL_STANDALONE; MySQL DDL is GTID + QUERY without BEGIN.
        boolean endsGroup = groupIsStandalone || (mysqlGroup && !groupHasExplicitBegin);
        if (endsGroup) {
            publish.accept(new TransactionCommitted(at, position(header.getNextPosition()),
                    Instant.ofEpochMilli(header.getTimestamp())));
            endGroup();
        }
    }

    private StatementContext withSessionEvents(StatementContext context) {
        StatementContext merged = new StatementContext(context.defaultDatabase(), context.suppressUse(),
                context.timestampSeconds(), context.microseconds(), context.flags2(), context.sqlMode(),
                context.charsetClient(), context.collationConnection(), context.collationServer(),
                context.collationDatabase(), context.timeZone(), context.lcTimeNames(),
                context.autoIncrementIncrement(), context.autoIncrementOffset(), pendingInsertId,
                pendingLastInsertId, pendingRandSeeds == null ? null : pendingRandSeeds[0],
                pendingRandSeeds == null ? null : pendingRandSeeds[1], pendingUserVariables, context.errorCode(),
                context.threadId(), explicitDefaultsForTimestamp(context));
        clearSessionEvents();
        return merged;
    }

    /**
     * MariaDB logs explicit_defaults_for_timestamp as Q_FLAGS2 bit 0x01000000 (OPTION_EXPLICIT_DEF_TIMESTAMP,
     * set when ON; verified on 10.11); MySQL as its own status variable, which the decoder read.
     */
    private Boolean explicitDefaultsForTimestamp(StatementContext context) {
        if (mariadbSource && context.flags2() != null) {
            return (context.flags2() & MARIADB_EXPLICIT_DEF_TIMESTAMP) != 0;
        }
        return context.explicitDefaultsForTimestamp();
    }

    private void intvar(IntVarEventData data, BinlogPosition at) {
        switch (data.getType()) {
            case 1 -> pendingLastInsertId = data.getValue(); // LAST_INSERT_ID_EVENT
            case 2 -> pendingInsertId = data.getValue(); // INSERT_ID_EVENT
            default -> throw new UndecodableEventException("INTVAR event at " + at + " has unknown type "
                    + data.getType());
        }
    }

    private void tableMap(TableMapEventData data) {
        TableMap map = TableMapConverter.convert(data);
        tableMaps.put(map.tableNumber(), map);
    }

    private void rows(EventHeaderV4 header, BinlogPosition at, RowChange kind, byte[] body, int version) {
        requireInsideGroup(at, kind + " rows");
        if (body.length < 8) {
            throw new UndecodableEventException(kind + " rows event at " + at + " is " + body.length
                    + " bytes long, shorter than its post-header");
        }
        long tableNumber = 0;
        for (int i = 5; i >= 0; i--) {
            tableNumber = (tableNumber << 8) | (body[i] & 0xFF);
        }
        int flags = (body[6] & 0xFF) | (body[7] & 0xFF) << 8;
        TableMap table = tableMaps.get(tableNumber);
        if (table == null) {
            throw new UndecodableEventException(kind + " rows event at " + at + " names table id " + tableNumber
                    + " but no TABLE_MAP precedes it (a session that starts inside a transaction looks like this)");
        }
        publish.accept(new RowsChanged(at, kind, table, flags, body, version, header.getNextPosition()));
    }

    private void commit(EventHeaderV4 header, BinlogPosition at) {
        requireInsideGroup(at, "commit");
        publish.accept(new TransactionCommitted(at, position(header.getNextPosition()),
                Instant.ofEpochMilli(header.getTimestamp())));
        endGroup();
    }

    private void endGroup() {
        inGroup = false;
        groupIsStandalone = false;
        groupHasExplicitBegin = false;
        mysqlGroup = false;
        clearSessionEvents();
    }

    private void clearSessionEvents() {
        pendingUserVariables.clear();
        pendingInsertId = null;
        pendingLastInsertId = null;
        pendingRandSeeds = null;
    }

    private void requireInsideGroup(BinlogPosition at, String what) {
        if (!inGroup) {
            throw new UndecodableEventException(what + " at " + at + " arrives outside a transaction");
        }
    }

    private void requireOutsideGroup(BinlogPosition at, String what) {
        if (inGroup) {
            throw new UndecodableEventException(what + " at " + at
                    + " starts a new transaction before the previous one ended");
        }
    }

    private BinlogPosition position(long offset) {
        if (file == null) {
            throw new UndecodableEventException("event at offset " + offset + " arrives before any ROTATE names its file");
        }
        return new BinlogPosition(file, offset);
    }

    private static Object requireData(Event event, BinlogPosition at) {
        if (event.getData() == null) {
            throw new UndecodableEventException(event.getHeader().getEventType() + " event at " + at
                    + " has no data: the library could not decode it");
        }
        return event.getData();
    }

    private static byte[] bytes(Event event, BinlogPosition at) {
        if (!(requireData(event, at) instanceof ByteArrayEventData bytes)) {
            throw new IllegalStateException(event.getHeader().getEventType()
                    + " must be registered with a byte-array deserializer");
        }
        return bytes.getData();
    }
}
