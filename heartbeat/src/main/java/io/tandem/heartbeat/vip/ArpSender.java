package io.tandem.heartbeat.vip;

/** The program that sends gratuitous ARPs, in order of preference. */
public enum ArpSender {
    /** {@code arping -U} from iputils (Debian package iputils-arping). */
    IPUTILS_ARPING,
    /** heartbeat's {@code send_arp} (Debian package resource-agents), which sends a request and a reply each time. */
    SEND_ARP,
    /** Neither is installed: nothing is sent, and neighbours keep their old ARP entry until it expires. */
    NONE
}
