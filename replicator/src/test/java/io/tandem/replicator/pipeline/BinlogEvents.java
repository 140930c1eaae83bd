package io.tandem.replicator.pipeline;

import io.tandem.testkit.MariaDbServer;
import java.util.ArrayList;
import java.util.List;

/** A server's binlog as {@code SHOW BINLOG EVENTS} lists it, over every file it still has, grouped by GTID. */
final class BinlogEvents {

    /** One line of SHOW BINLOG EVENTS. */
    record Event(String file, long position, String type, long serverId, long endPosition, String info) {
        String at() {
            return file + ":" + position;
        }
    }

    /** The events of one GTID group, from its Gtid event on. */
    record Group(Event gtidEvent, List<Event> events) {
        String gtid() {
            String info = gtidEvent.info();
            return info.substring(info.indexOf("GTID ") + 5).trim();
        }

        /** The tables of the group's TABLE_MAP events, in order, as {@code db.table}. */
        List<String> tableMaps() {
            List<String> tables = new ArrayList<>();
            for (Event event : events) {
                if (event.type().equals("Table_map")) {
                    String info = event.info();
                    tables.add(info.substring(info.indexOf('(') + 1, info.lastIndexOf(')')));
                }
            }
            return tables;
        }

        List<Event> ofType(String type) {
            return events.stream().filter(event -> event.type().equals(type)).toList();
        }
    }

    private BinlogEvents() {}

    static List<Event> of(MariaDbServer server) {
        List<Event> events = new ArrayList<>();
        for (List<String> file : server.queryRows("SHOW BINARY LOGS")) {
            for (List<String> row : server.queryRows("SHOW BINLOG EVENTS IN '" + file.get(0) + "'")) {
                events.add(new Event(row.get(0), Long.parseLong(row.get(1)), row.get(2), Long.parseLong(row.get(3)),
                        Long.parseLong(row.get(4)), row.get(5)));
            }
        }
        return events;
    }

    static List<Group> groups(MariaDbServer server) {
        List<Group> groups = new ArrayList<>();
        List<Event> current = null;
        for (Event event : of(server)) {
            if (event.type().equals("Gtid")) {
                current = new ArrayList<>();
                groups.add(new Group(event, current));
            }
            if (current != null && !List.of("Rotate", "Format_desc", "Gtid_list", "Binlog_checkpoint", "Stop")
                    .contains(event.type())) {
                current.add(event);
            }
        }
        return groups;
    }

    /** The last event of {@code type} whose info contains {@code infoPart}. */
    static Event last(MariaDbServer server, String type, String infoPart) {
        List<Event> events = of(server);
        for (int i = events.size() - 1; i >= 0; i--) {
            Event event = events.get(i);
            if (event.type().equals(type) && event.info().contains(infoPart)) {
                return event;
            }
        }
        throw new AssertionError(server.name() + " has no " + type + " event containing '" + infoPart + "'");
    }
}
