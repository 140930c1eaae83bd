package io.tandem.heartbeat.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SequencedMap;

/**
 * What ha.cf says, with heartbeat 3.0.6's defaults applied. The defaults come from heartbeat's {@code config.c}
 * ({@code init_config} and its {@code Directives[]} table):
 *
 * <table>
 * <caption>Defaults</caption>
 * <tr><td>keepalive</td><td>1 s</td></tr>
 * <tr><td>deadtime</td><td>30 s</td></tr>
 * <tr><td>warntime</td><td>deadtime / 2</td></tr>
 * <tr><td>initdead</td><td>deadtime if above 10 s; 12 s if below 6 s; otherwise 2 &times; deadtime</td></tr>
 * <tr><td>deadping</td><td>deadtime</td></tr>
 * <tr><td>udpport</td><td>694 (heartbeat first asks /etc/services for {@code ha-cluster}, which is 694 too)</td></tr>
 * <tr><td>auto_failback</td><td>legacy, with a warning</td></tr>
 * <tr><td>baud</td><td>19200</td></tr>
 * <tr><td>hopfudge</td><td>1</td></tr>
 * <tr><td>msgfmt</td><td>classic</td></tr>
 * <tr><td>uuidfrom</td><td>file</td></tr>
 * <tr><td>realtime, coredumps</td><td>on</td></tr>
 * <tr><td>conn_logd_time</td><td>60 s</td></tr>
 * <tr><td>compression</td><td>none; threshold 2 KiB; traditional_compression off</td></tr>
 * <tr><td>max_rexmit_delay</td><td>250 ms</td></tr>
 * <tr><td>debug</td><td>0</td></tr>
 * <tr><td>use_logd</td><td>on when no logfile, debugfile or logfacility is given, else off</td></tr>
 * </table>
 *
 * @param nodes the cluster members of the {@code node} lines, lower-cased as heartbeat does, in file order
 * @param media the heartbeat paths, in file order
 * @param udpPort {@code udpport}, for {@code ucast} and {@code bcast}
 * @param timing the timers
 * @param autoFailback {@code auto_failback}
 * @param pingTargets the {@code ping} and {@code ping_group} pseudo-nodes
 * @param respawnClients the {@code respawn} lines
 * @param apiAuthorizations the {@code apiauth} lines
 * @param logging the logging directives
 * @param messageFormat {@code msgfmt}
 * @param uuidSource {@code uuidfrom}
 * @param hopfudge {@code hopfudge}: added to the node count to give a message's {@code ttl}
 * @param baud {@code baud}, for serial media only
 * @param maxRexmitDelay {@code max_rexmit_delay}: the upper bound of the random delay before a retransmission request
 * @param realtime {@code realtime}
 * @param coredumps {@code coredumps}
 * @param compression the compression directives
 * @param stonith the {@code stonith} and {@code stonith_host} lines, kept raw
 * @param otherDirectives heartbeat directives that tandem reads but does not interpret ({@code cluster},
 *     {@code watchdog}, {@code rtprio}, {@code env} ...), name to values in file order
 */
public record HaConfig(
        List<String> nodes,
        List<Medium> media,
        int udpPort,
        HeartbeatTiming timing,
        AutoFailback autoFailback,
        List<PingTarget> pingTargets,
        List<RespawnClient> respawnClients,
        List<ApiAuthorization> apiAuthorizations,
        LogSettings logging,
        MessageFormat messageFormat,
        UuidSource uuidSource,
        int hopfudge,
        int baud,
        Duration maxRexmitDelay,
        boolean realtime,
        boolean coredumps,
        CompressionSettings compression,
        List<StonithDirective> stonith,
        SequencedMap<String, List<String>> otherDirectives) {

    public HaConfig {
        nodes = List.copyOf(nodes);
        media = List.copyOf(media);
        Objects.requireNonNull(timing, "timing");
        Objects.requireNonNull(autoFailback, "autoFailback");
        pingTargets = List.copyOf(pingTargets);
        respawnClients = List.copyOf(respawnClients);
        apiAuthorizations = List.copyOf(apiAuthorizations);
        Objects.requireNonNull(logging, "logging");
        Objects.requireNonNull(messageFormat, "messageFormat");
        Objects.requireNonNull(uuidSource, "uuidSource");
        Objects.requireNonNull(maxRexmitDelay, "maxRexmitDelay");
        Objects.requireNonNull(compression, "compression");
        stonith = List.copyOf(stonith);
        SequencedMap<String, List<String>> copy = new LinkedHashMap<>();
        otherDirectives.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        otherDirectives = Collections.unmodifiableSequencedMap(copy);
        if (udpPort < 1 || udpPort > 65535) {
            throw new IllegalArgumentException("udpport 1-65535, not " + udpPort);
        }
        if (nodes.stream().anyMatch(node -> !node.equals(node.toLowerCase(Locale.ROOT)))) {
            throw new IllegalArgumentException("node names are lower case, as heartbeat keeps them: " + nodes);
        }
    }

    /** Whether {@code nodeName} (any case) is a cluster member. */
    public boolean hasNode(String nodeName) {
        return nodes.contains(nodeName.toLowerCase(Locale.ROOT));
    }
}
