package io.tandem.replicator.source;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.ByteArrayEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.network.ServerException;
import io.tandem.replicator.event.BinlogPosition;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks once at a master's binlog after a position and says whether a transaction follows, and when the master
 * wrote it: how {@code tandem status --offline} measures lag without the service.
 *
 * <p>It connects as a replica with its own server id, never a channel's {@code reader-server-id}: a master
 * disconnects the older of two replicas with the same id, so borrowing the channel's id would cut a running
 * channel. It reads nothing but event headers and changes nothing on the master.
 *
 * <p>The answer rests on how the master's dump thread behaves: it sends every event after the position as
 * fast as it can, and only when it has nothing more to send and has waited the heartbeat period does it send
 * a HEARTBEAT. So the first GTID (or BEGIN, or any event of a transaction) after the artificial ROTATE and
 * FORMAT_DESCRIPTION of the connect is the oldest transaction not yet finished, and a HEARTBEAT before any
 * such event means none follows. Stream framing in between (the ROTATE that ends a file, the next file's
 * FORMAT_DESCRIPTION, GTID_LIST and BINLOG_CHECKPOINT) is not a transaction and is passed over.
 */
public final class BinlogPeek {

    private static final Logger log = LoggerFactory.getLogger(BinlogPeek.class);

    /** The heartbeat period asked of the master: how long "nothing after" takes to confirm. */
    public static final Duration HEARTBEAT_PERIOD = Duration.ofMillis(200);

    /** Events that belong to a transaction: the first one after the position starts the oldest unfinished one. */
    private static final Set<EventType> TRANSACTION_EVENTS = EnumSet.of(EventType.MARIADB_GTID, EventType.GTID,
            EventType.ANONYMOUS_GTID, EventType.QUERY, EventType.XID, EventType.TABLE_MAP, EventType.WRITE_ROWS,
            EventType.UPDATE_ROWS, EventType.DELETE_ROWS, EventType.EXT_WRITE_ROWS, EventType.EXT_UPDATE_ROWS,
            EventType.EXT_DELETE_ROWS, EventType.PRE_GA_WRITE_ROWS, EventType.PRE_GA_UPDATE_ROWS,
            EventType.PRE_GA_DELETE_ROWS, EventType.INTVAR, EventType.RAND, EventType.USER_VAR,
            EventType.ANNOTATE_ROWS, EventType.ROWS_QUERY, EventType.INCIDENT);

    /** What follows the position. */
    public sealed interface Result permits FirstTransaction, NothingAfter {}

    /**
     * A transaction follows.
     *
     * @param at where its first event starts
     * @param writtenAt the master's timestamp in that event's header: the start of the statement that wrote it,
     *     in whole seconds (the binlog has no finer resolution)
     */
    public record FirstTransaction(BinlogPosition at, Instant writtenAt) implements Result {}

    /**
     * Nothing but stream framing follows: the master sent a heartbeat.
     *
     * @param end where the master's binlog ends, as the heartbeat names it
     */
    public record NothingAfter(BinlogPosition end) implements Result {}

    /** The peek did not get an answer. */
    public static final class PeekFailedException extends Exception {
        private final boolean sourceUnreachable;

        PeekFailedException(String message, boolean sourceUnreachable, Throwable cause) {
            super(message, cause);
            this.sourceUnreachable = sourceUnreachable;
        }

        /** True when the master could not be reached or did not answer; false when it refused (privileges, purged log). */
        public boolean isSourceUnreachable() {
            return sourceUnreachable;
        }
    }

    private BinlogPeek() {}

    /**
     * Connects to {@code endpoint} as replica {@code serverId}, reads from {@code from} until the first transaction
     * event or the first heartbeat, and disconnects.
     *
     * @param serverId a replica server id no other replica of the master uses
     * @param timeout for the whole peek, connect included
     * @throws PeekFailedException when the master cannot be reached, refuses, or says nothing within {@code timeout}
     */
    public static Result peek(SourceEndpoint endpoint, long serverId, BinlogPosition from, Duration timeout)
            throws PeekFailedException, InterruptedException {
        BinaryLogClient client = new BinaryLogClient(endpoint.host(), endpoint.port(), endpoint.user(),
                endpoint.password());
        client.setServerId(serverId);
        // One connection, one answer: the keepalive thread would reconnect behind our back.
        client.setKeepAlive(false);
        client.setHeartbeatInterval(HEARTBEAT_PERIOD.toMillis());
        client.setConnectTimeout(timeout.toMillis());
        client.setBlocking(true);
        client.setBinlogFilename(from.file());
        client.setBinlogPosition(from.position());
        client.setEventDeserializer(headersOnly());
        CompletableFuture<Result> answer = new CompletableFuture<>();
        String[] file = {from.file()};
        client.registerEventListener(event -> onEvent(event, file, answer));
        client.registerLifecycleListener(new BinaryLogClient.AbstractLifecycleListener() {
            @Override
            public void onCommunicationFailure(BinaryLogClient c, Exception e) {
                answer.completeExceptionally(e);
            }

            @Override
            public void onEventDeserializationFailure(BinaryLogClient c, Exception e) {
                answer.completeExceptionally(e);
            }
        });
        String where = endpoint.host() + ":" + endpoint.port();
        Thread reader = Thread.ofPlatform().daemon().name("binlog-peek-" + where).start(() -> {
            try {
                client.connect();
                answer.completeExceptionally(new IOException("the master closed the binlog connection"));
            } catch (IOException | RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new PeekFailedException("no binlog event and no heartbeat from " + where + " within "
                    + timeout.toMillis() + " ms after " + from, true, null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ServerException server) {
                // 1236 ER_MASTER_FATAL_ERROR_READING_BINLOG (purged, bad position), 1045 ER_ACCESS_DENIED_ERROR, ...
                throw new PeekFailedException(where + " refused to send its binlog from " + from + ": error "
                        + server.getErrorCode() + ": " + server.getMessage(), false, server);
            }
            throw new PeekFailedException("cannot read the binlog of " + where + " from " + from + ": "
                    + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()), true, cause);
        } finally {
            try {
                client.disconnect();
            } catch (IOException | RuntimeException e) {
                log.debug("binlog peek at {}: disconnect: {}", where, e.toString());
            }
            reader.join(timeout.toMillis());
        }
    }

    private static void onEvent(Event event, String[] file, CompletableFuture<Result> answer) {
        EventHeaderV4 header = event.getHeader();
        EventType type = header.getEventType();
        if (type == EventType.ROTATE) {
            file[0] = ((RotateEventData) event.getData()).getBinlogFilename();
        } else if (type == EventType.HEARTBEAT) {
            answer.complete(new NothingAfter(new BinlogPosition(file[0], Math.max(0, header.getNextPosition()))));
        } else if (TRANSACTION_EVENTS.contains(type)) {
            answer.complete(new FirstTransaction(new BinlogPosition(file[0], Math.max(0, header.getPosition())),
                    Instant.ofEpochMilli(header.getTimestamp())));
        }
    }

    /**
     * Only headers matter here; bodies stay raw bytes, so no event the library decodes wrongly or not at all can
     * fail the peek. TABLE_MAP keeps the library's decoder: the library itself casts it to read later row events.
     */
    private static EventDeserializer headersOnly() {
        EventDeserializer deserializer = new EventDeserializer();
        ByteArrayEventDataDeserializer raw = new ByteArrayEventDataDeserializer();
        for (EventType type : TRANSACTION_EVENTS) {
            if (type != EventType.TABLE_MAP) {
                deserializer.setEventDataDeserializer(type, raw);
            }
        }
        deserializer.setEventDataDeserializer(EventType.HEARTBEAT, raw);
        return deserializer;
    }
}
