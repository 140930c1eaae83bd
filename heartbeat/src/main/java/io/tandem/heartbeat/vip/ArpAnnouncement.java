package io.tandem.heartbeat.vip;

import java.net.Inet4Address;
import java.util.Objects;

/**
 * How announcing one address ended.
 *
 * @param address the announced address
 * @param device the interface it was announced on
 * @param sender the program used
 * @param sent whether the program ran and exited 0; false with {@link ArpSender#NONE}
 * @param detail what happened, for the log: the command and its output, or why nothing was sent
 */
public record ArpAnnouncement(Inet4Address address, String device, ArpSender sender, boolean sent, String detail) {

    public ArpAnnouncement {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(detail, "detail");
    }
}
