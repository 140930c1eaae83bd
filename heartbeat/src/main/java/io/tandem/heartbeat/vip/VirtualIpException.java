package io.tandem.heartbeat.vip;

/** A virtual IP could not be added, removed or checked; the subclass says why, the message what to do. */
public abstract sealed class VirtualIpException extends Exception
        permits IpCommandFailedException, NoConnectedRouteException, AddressConflictException {

    VirtualIpException(String message) {
        super(message);
    }

    VirtualIpException(String message, Throwable cause) {
        super(message, cause);
    }
}
