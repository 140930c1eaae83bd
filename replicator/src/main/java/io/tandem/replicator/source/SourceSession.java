package io.tandem.replicator.source;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.deserialization.ByteArrayEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.network.ServerException;
import io.tandem.replicator.event.BinlogPosition;
import io.tandem.replicator.event.ChangeEvent;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to a master's binlog, from one start position, until it ends. A channel opens a new
 * session (with a new epoch) after every failure, always from its checkpoint: the library's own
 * position and GTID getters move inside transactions and are never trusted (binlog notes 2, trap 5).
 *
 * <p>Failure: the first failure wins and is reported once to the {@link SourceSessionListener}; after
 * it, the session publishes nothing more, even events already buffered by the library, because the
 * library continues after a deserialization failure and after an exception in a listener (traps 1).
 *
 * <p>Dead links: the master sends a heartbeat after {@code heartbeatPeriod} of silence. No event for
 * three periods means the link is dead even if TCP has not noticed; the watchdog closes it.
 */
public final class SourceSession {

    private static final Logger log = LoggerFactory.getLogger(SourceSession.class);
    /** Error 1236 ER_MASTER_FATAL_ERROR_READING_BINLOG: requested file purged, or position invalid. */
    private static final int ER_MASTER_FATAL_ERROR_READING_BINLOG = 1236;
    /** Error 1045 ER_ACCESS_DENIED_ERROR. */
    private static final int ER_ACCESS_DENIED_ERROR = 1045;

    private final String logPrefix;
    private final String masterAddress;
    private final int epoch;
    private final BinaryLogClient client;
    private final Duration heartbeatPeriod;
    private final SourceSessionListener listener;
    private final EventTranslator translator;
    private final AtomicReference<SourceFailure> failure = new AtomicReference<>();
    private final AtomicLong lastEventNanos = new AtomicLong(System.nanoTime());
    private final AtomicLong eventsReceived = new AtomicLong();
    private volatile boolean stopRequested;
    private volatile boolean inListener;
    private Thread reader;
    private Thread watchdog;

    SourceSession(String logPrefix, int epoch, SourceEndpoint endpoint, long readerServerId,
            Duration heartbeatPeriod, StartPosition start, InstantSource clock, Consumer<ChangeEvent> publish,
            SourceSessionListener listener) {
        this.logPrefix = logPrefix;
        this.epoch = epoch;
        this.heartbeatPeriod = heartbeatPeriod;
        this.listener = listener;
        this.masterAddress = endpoint.host() + ":" + endpoint.port();
        this.client = new BinaryLogClient(endpoint.host(), endpoint.port(), endpoint.user(), endpoint.password());
        client.setServerId(readerServerId);
        // The keepalive thread reconnects from the library's own position, which can be mid-transaction.
        client.setKeepAlive(false);
        client.setHeartbeatInterval(heartbeatPeriod.toMillis());
        client.setConnectTimeout(Duration.ofSeconds(5).toMillis());
        client.setBlocking(true);
        client.setEventDeserializer(eventDeserializer());
        String startFile;
        switch (start) {
            case StartPosition.AtFile(BinlogPosition position) -> {
                client.setBinlogFilename(position.file());
                client.setBinlogPosition(position.position());
                startFile = position.file();
            }
            case StartPosition.AtGtid(var position) -> {
                client.setGtidSet(position.toString());
                startFile = null;
            }
        }
        this.translator = new EventTranslator(startFile, clock, publish);
        client.registerEventListener(this::onEvent);
        client.registerLifecycleListener(new BinaryLogClient.AbstractLifecycleListener() {
            @Override
            public void onCommunicationFailure(BinaryLogClient c, Exception e) {
                fail(classify(e));
            }

            @Override
            public void onEventDeserializationFailure(BinaryLogClient c, Exception e) {
                fail(SourceFailure.fatal("cannot decode the event after " + lastPosition() + ": " + e.getMessage(),
                        lastPosition(), e));
            }
        });
    }

    /** Connects and reads on a new thread; returns at once. */
    void start() {
        reader = Thread.ofPlatform().name(logPrefix + "-binlog-" + epoch).daemon().start(this::readUntilEnd);
        watchdog = Thread.ofPlatform().name(logPrefix + "-watchdog-" + epoch).daemon().start(this::watchLink);
    }

    public int epoch() {
        return epoch;
    }

    public long eventsReceived() {
        return eventsReceived.get();
    }

    /** Asks the session to end; it reports {@code stopped} to the listener unless a failure came first. */
    public void requestStop() {
        stopRequested = true;
        fail(SourceFailure.retriable("stop requested", lastPosition(), null));
    }

    /** Waits for the reader thread to finish. */
    public boolean awaitStop(Duration timeout) throws InterruptedException {
        if (reader == null) {
            return true;
        }
        return reader.join(timeout);
    }

    private void readUntilEnd() {
        try {
            client.connect();
            if (failure.get() == null) {
                fail(SourceFailure.retriable("the master " + masterAddress + " closed the binlog connection (shut down,"
                        + " restarted, or killed the dump thread)", lastPosition(), null));
            }
        } catch (IOException | RuntimeException e) {
            fail(classify(e));
        } finally {
            SourceFailure ended = failure.get();
            listener.onSessionEnded(epoch, ended);
        }
    }

    private void onEvent(Event event) {
        if (failure.get() != null) {
            return;
        }
        eventsReceived.incrementAndGet();
        // While the listener runs (possibly blocked on a full ring) the link is not silent: backpressure is not death.
        inListener = true;
        try {
            translator.translate(event);
        } catch (UndecodableEventException e) {
            fail(SourceFailure.fatal(e.getMessage(), lastPosition(), e));
        } catch (RuntimeException e) {
            // The library would log this and carry on with the next event; that loses the event.
            fail(SourceFailure.fatal("internal error handling " + event.getHeader().getEventType() + " after "
                    + lastPosition() + ": " + e, lastPosition(), e));
        } finally {
            lastEventNanos.set(System.nanoTime());
            inListener = false;
        }
    }

    private void watchLink() {
        long limitNanos = heartbeatPeriod.multipliedBy(3).toNanos();
        while (failure.get() == null) {
            try {
                Thread.sleep(Math.max(50, heartbeatPeriod.toMillis() / 2));
            } catch (InterruptedException e) {
                return;
            }
            if (client.isConnected() && !inListener && System.nanoTime() - lastEventNanos.get() > limitNanos) {
                fail(SourceFailure.retriable("no event or heartbeat from the master for "
                        + heartbeatPeriod.multipliedBy(3).toMillis() + " ms: dead link, reconnecting", lastPosition(),
                        null));
            }
        }
    }

    /** Records the first failure and closes the connection; later calls change nothing. */
    private void fail(SourceFailure cause) {
        if (!failure.compareAndSet(null, cause)) {
            return;
        }
        if (!stopRequested) {
            log.warn("{}: binlog session {} ended: {}", logPrefix, epoch, cause.message());
        }
        try {
            client.disconnect();
        } catch (IOException | RuntimeException e) {
            log.debug("{}: disconnect after failure: {}", logPrefix, e.toString());
        }
        if (watchdog != null) {
            watchdog.interrupt();
        }
    }

    private SourceFailure classify(Exception e) {
        BinlogPosition at = lastPosition();
        if (e instanceof ServerException server) {
            return switch (server.getErrorCode()) {
                case ER_MASTER_FATAL_ERROR_READING_BINLOG -> SourceFailure.fatal("the master refused to send its binlog"
                        + " from " + at + ": " + server.getMessage(), at, e);
                case ER_ACCESS_DENIED_ERROR -> SourceFailure.fatal("the master refused the replication account: "
                        + server.getMessage(), at, e);
                default -> SourceFailure.retriable("server error " + server.getErrorCode() + ": " + server.getMessage(),
                        at, e);
            };
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e.getCause() != null && e.getCause().getMessage() != null) {
            message += " (" + e.getCause().getMessage() + ")";
        }
        return SourceFailure.retriable("lost the binlog connection to the master " + masterAddress + " after "
                + (at == null ? "connecting" : at.toString()) + ": " + message, at, e);
    }

    private BinlogPosition lastPosition() {
        String file = translator.currentFile();
        return file == null ? null : new BinlogPosition(file, Math.max(0, client.getBinlogPosition()));
    }

    private static EventDeserializer eventDeserializer() {
        EventDeserializer deserializer = new EventDeserializer();
        deserializer.setCompatibilityMode(EventDeserializer.CompatibilityMode.DATE_AND_TIME_AS_LONG_MICRO,
                EventDeserializer.CompatibilityMode.CHAR_AND_BINARY_AS_BYTE_ARRAY);
        // tandem decodes these itself, exactly (signedness, TIME sign, YEAR 0, charsets, status variables).
        ByteArrayEventDataDeserializer raw = new ByteArrayEventDataDeserializer();
        for (EventType type : new EventType[] {EventType.WRITE_ROWS, EventType.UPDATE_ROWS, EventType.DELETE_ROWS,
                EventType.EXT_WRITE_ROWS, EventType.EXT_UPDATE_ROWS, EventType.EXT_DELETE_ROWS,
                EventType.PRE_GA_WRITE_ROWS, EventType.PRE_GA_UPDATE_ROWS, EventType.PRE_GA_DELETE_ROWS,
                EventType.QUERY, EventType.MARIADB_GTID, EventType.RAND, EventType.USER_VAR, EventType.HEARTBEAT}) {
            deserializer.setEventDataDeserializer(type, raw);
        }
        return deserializer;
    }
}
