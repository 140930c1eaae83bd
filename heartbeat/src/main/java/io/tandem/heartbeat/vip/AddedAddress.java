package io.tandem.heartbeat.vip;

import java.util.Objects;

/**
 * What {@link VirtualIpAddress#add} left in place.
 *
 * @param address the address as it is now configured
 * @param wasAbsent whether this call added it; false when it was already there exactly as configured
 */
public record AddedAddress(InterfaceAddress address, boolean wasAbsent) {

    public AddedAddress {
        Objects.requireNonNull(address, "address");
    }
}
