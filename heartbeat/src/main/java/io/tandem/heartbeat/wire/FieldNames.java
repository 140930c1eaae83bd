package io.tandem.heartbeat.wire;

/**
 * The field names of R1 traffic (cluster-glue {@code ha_msg.h}, heartbeat {@code heartbeat.h}), with their
 * encoding. Messages may carry others; these are the ones the daemon reads.
 */
public final class FieldNames {

    /** Message type: {@code status}, {@code NS_ackmsg}, {@code resource} … */
    public static final String TYPE = "t";
    /** Originating node, lower case. */
    public static final String SRC = "src";
    /** Originating node's UUID, 16 raw bytes (binary). */
    public static final String SRC_UUID = "srcuuid";
    /** Destination node; absent means everyone. */
    public static final String DEST = "dest";
    /** Destination node's UUID, 16 raw bytes (binary), added whenever {@code dest} is set and known. */
    public static final String DEST_UUID = "destuuid";
    /** Sequence number, lower-case hex from 1; absent on {@code NS_*} types. */
    public static final String SEQ = "seq";
    /** Heartbeat generation, lower-case hex, incremented at every start. */
    public static final String GENERATION = "hg";
    /** Sender's {@code time(NULL)}, lower-case hex. */
    public static final String TIMESTAMP = "ts";
    /** First line of the sender's {@code /proc/loadavg}; absent on {@code NS_*} types. */
    public static final String LOAD = "ld";
    /** Hop count for serial rings, decimal; unused on UDP. */
    public static final String TTL = "ttl";
    /** Inner classic signature, {@code <index> <hex>}. */
    public static final String AUTH = "auth";
    /** Node status: {@code init}, {@code up}, {@code active}, {@code dead}, {@code ping}. */
    public static final String STATUS = "st";
    /** Sender's own deadtime in milliseconds, hex. */
    public static final String DEADTIME = "dt";
    /** Present ({@code 1}) when the sender does flow control. */
    public static final String PROTOCOL = "protocol";
    /** Comment or sub-type: {@code shutdown}, {@code standby}, {@code mach_down}, {@code me} … */
    public static final String INFO = "info";
    /** Resource holdings: {@code none}, {@code local}, {@code foreign}, {@code all}. */
    public static final String RESOURCE_HOLDING = "rsc_hold";
    /** {@code full}: this holdings report replaces the previous one. */
    public static final String RESOURCE_REPORT_TYPE = "rtype";
    /** {@code 0} or {@code 1}: the sender's resource manager is stable. */
    public static final String IS_STABLE = "isstable";
    /** Acknowledged sequence number, hex. */
    public static final String ACK_SEQ = "ackseq";
    /** First sequence number of a retransmission range (decimal in {@code NS_rexmit}, hex in NAKs). */
    public static final String FIRST_SEQ = "firstseq";
    /** Last sequence number of a retransmission range, decimal. */
    public static final String LAST_SEQ = "lastseq";
    /** Node names, each followed by one space. */
    public static final String NODE_LIST = "nodelist";
    /** Deleted node names, each followed by one space; a single space when none. */
    public static final String DELETED_NODE_LIST = "delnodelist";
    /** Node a STONITH notice is about. */
    public static final String NODE = "node";
    /** Outcome of a STONITH notice. */
    public static final String RESULT = "result";

    private FieldNames() {
    }
}
