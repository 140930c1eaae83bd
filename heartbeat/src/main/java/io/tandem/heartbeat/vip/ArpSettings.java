package io.tandem.heartbeat.vip;

import java.time.Duration;
import java.util.Objects;

/**
 * How a newly added address is announced.
 *
 * @param count how many gratuitous ARPs (send_arp: request and reply pairs); 1 to 100
 * @param interval the time between them with send_arp. iputils arping takes whole seconds only, so it is given
 *     {@code -i} rounded down to seconds when this is 2 s or more, and keeps its own 1 s otherwise
 */
public record ArpSettings(int count, Duration interval) {

    /** IPaddr2's defaults: {@code arp_count=5}, {@code arp_interval=200} ms. */
    public static final ArpSettings DEFAULTS = new ArpSettings(5, Duration.ofMillis(200));

    public ArpSettings {
        Objects.requireNonNull(interval, "interval");
        if (count < 1 || count > 100) {
            throw new IllegalArgumentException("ARP count 1-100, not " + count);
        }
        if (interval.isNegative() || interval.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("ARP interval 0-10 s, not " + interval);
        }
    }
}
