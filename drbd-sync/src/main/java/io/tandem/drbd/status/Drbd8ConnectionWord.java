package io.tandem.drbd.status;

/**
 * Splits a DRBD 8.x {@code cs:} word into DRBD 9's two dimensions: 8.x has one connection state that also says
 * what replication is doing ({@code SyncSource} means connected and syncing as source).
 *
 * @param connection the connection part
 * @param replication the replication part; {@code OFF} when not connected
 */
public record Drbd8ConnectionWord(Reported<ConnectionState> connection, Reported<ReplicationState> replication) {

    public static Drbd8ConnectionWord split(String csWord) {
        // 8.x: "Connected" is 9's Connected + Established; WFConnection/WFReportParams are 9's Connecting.
        if (csWord.equals("Connected")) {
            return connected(csWord, ReplicationState.ESTABLISHED);
        }
        if (csWord.equals("WFConnection") || csWord.equals("WFReportParams")) {
            return new Drbd8ConnectionWord(
                    new Reported<>(ConnectionState.CONNECTING, csWord), new Reported<>(ReplicationState.OFF, csWord));
        }
        Reported<ReplicationState> replication = ReplicationState.fromWord(csWord);
        if (replication.isRecognized() && !replication.is(ReplicationState.OFF)
                && !replication.is(ReplicationState.ESTABLISHED)) {
            return connected(csWord, replication.state());
        }
        Reported<ConnectionState> connection = ConnectionState.fromWord(csWord);
        if (connection.isRecognized() && !connection.is(ConnectionState.CONNECTING)) {
            return new Drbd8ConnectionWord(connection, new Reported<>(ReplicationState.OFF, csWord));
        }
        return new Drbd8ConnectionWord(
                new Reported<>(ConnectionState.UNRECOGNIZED, csWord),
                new Reported<>(ReplicationState.UNRECOGNIZED, csWord));
    }

    private static Drbd8ConnectionWord connected(String csWord, ReplicationState replication) {
        return new Drbd8ConnectionWord(
                new Reported<>(ConnectionState.CONNECTED, csWord), new Reported<>(replication, csWord));
    }
}
