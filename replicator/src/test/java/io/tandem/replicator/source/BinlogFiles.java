package io.tandem.replicator.source;

import com.github.shyiko.mysql.binlog.BinaryLogFileReader;
import com.github.shyiko.mysql.binlog.event.ByteArrayEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.ByteArrayEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import io.tandem.replicator.event.BinlogPosition;
import io.tandem.replicator.event.RowChange;
import io.tandem.replicator.event.RowsChanged;
import io.tandem.replicator.schema.TableMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads a test server's binlog files with the library, the way tandem's source will: row, QUERY, RAND,
 * USER_VAR and MARIADB_GTID events stay raw bytes (header and checksum cut off by the library), TABLE_MAP
 * goes through the library's own deserializer.
 */
final class BinlogFiles {

    private static final List<EventType> RAW_TYPES = List.of(EventType.WRITE_ROWS, EventType.UPDATE_ROWS,
            EventType.DELETE_ROWS, EventType.EXT_WRITE_ROWS, EventType.EXT_UPDATE_ROWS, EventType.EXT_DELETE_ROWS,
            EventType.QUERY, EventType.RAND, EventType.USER_VAR, EventType.MARIADB_GTID);

    /** One event as read, with the file it came from. */
    record LoggedEvent(String file, EventHeaderV4 header, Object data) {

        EventType type() {
            return header.getEventType();
        }

        byte[] body() {
            return ((ByteArrayEventData) data).getData();
        }

        BinlogPosition at() {
            return new BinlogPosition(file, header.getPosition());
        }
    }

    private BinlogFiles() {}

    /** Every event of every {@code mysql-bin.NNNNNN} file in the data directory, in order. */
    static List<LoggedEvent> read(Path dataDirectory) {
        List<LoggedEvent> events = new ArrayList<>();
        try (Stream<Path> files = Files.list(dataDirectory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("mysql-bin\\.\\d{6}")).sorted()
                    .toList()) {
                EventDeserializer deserializer = new EventDeserializer();
                deserializer.setCompatibilityMode(EventDeserializer.CompatibilityMode.DATE_AND_TIME_AS_LONG_MICRO,
                        EventDeserializer.CompatibilityMode.CHAR_AND_BINARY_AS_BYTE_ARRAY);
                for (EventType type : RAW_TYPES) {
                    deserializer.setEventDataDeserializer(type, new ByteArrayEventDataDeserializer());
                }
                try (BinaryLogFileReader reader = new BinaryLogFileReader(file.toFile(), deserializer)) {
                    for (Event event = reader.readEvent(); event != null; event = reader.readEvent()) {
                        events.add(new LoggedEvent(file.getFileName().toString(), event.getHeader(), event.getData()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return events;
    }

    /**
     * The row events among {@code events}, each paired with the TABLE_MAP before it, converted by
     * {@link TableMapConverter}, as the source will build them.
     */
    static List<RowsChanged> rowEvents(List<LoggedEvent> events) {
        Map<Long, TableMap> tables = new HashMap<>();
        List<RowsChanged> rows = new ArrayList<>();
        for (LoggedEvent event : events) {
            EventType type = event.type();
            if (type == EventType.TABLE_MAP) {
                TableMap table = TableMapConverter.convert((TableMapEventData) event.data());
                tables.put(table.tableNumber(), table);
                continue;
            }
            RowChange kind = switch (type) {
                case WRITE_ROWS, EXT_WRITE_ROWS -> RowChange.INSERT;
                case UPDATE_ROWS, EXT_UPDATE_ROWS -> RowChange.UPDATE;
                case DELETE_ROWS, EXT_DELETE_ROWS -> RowChange.DELETE;
                default -> null;
            };
            if (kind == null) {
                continue;
            }
            byte[] body = event.body();
            long tableNumber = 0;
            for (int i = 5; i >= 0; i--) {
                tableNumber = (tableNumber << 8) | (body[i] & 0xFF);
            }
            TableMap table = tables.get(tableNumber);
            if (table == null) {
                throw new IllegalStateException("no TABLE_MAP before the row event at " + event.at());
            }
            int flags = (body[6] & 0xFF) | (body[7] & 0xFF) << 8;
            int version = switch (type) {
                case EXT_WRITE_ROWS, EXT_UPDATE_ROWS, EXT_DELETE_ROWS -> 2;
                default -> 1;
            };
            rows.add(new RowsChanged(event.at(), kind, table, flags, body, version, event.header().getNextPosition()));
        }
        return rows;
    }
}
