package io.tandem.heartbeat.wire;

/** The two message encodings heartbeat reads; 3.0.6 sends only {@link #NETSTRING} on the network. */
public enum WireFormat {
    /** {@code ###\n} length-prefixed typed fields {@code %%%\n}, then a signature trailer. */
    NETSTRING,
    /** {@code >>>\n} {@code name=value} lines {@code <<<\n}, signed by its {@code auth} field; pre-2012 peers. */
    CLASSIC
}
