package io.tandem.heartbeat.vip;

/**
 * The haresources entry leaves out the interface or the prefix length, and no directly connected route reaches the
 * address to supply them: no interface has an address in its subnet.
 */
public final class NoConnectedRouteException extends VirtualIpException {

    NoConnectedRouteException(String message) {
        super(message);
    }
}
