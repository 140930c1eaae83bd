package io.tandem.drbd.status;

/**
 * Receives what an {@link Events2Monitor} sees, on the monitor's own thread, in the order DRBD printed it. A slow
 * listener delays reading (the pipe holds what DRBD writes meanwhile); one that throws is logged and the monitor goes
 * on with the next line.
 */
@FunctionalInterface
public interface Events2Listener {

    void on(DrbdEvent event);
}
