package io.tandem.heartbeat.vip;

/**
 * The address is already configured, but not as the resource says: on another interface, with another prefix
 * length, or more than once. tandem does not add it a second time nor move it, since something else put it there.
 */
public final class AddressConflictException extends VirtualIpException {

    AddressConflictException(String message) {
        super(message);
    }
}
