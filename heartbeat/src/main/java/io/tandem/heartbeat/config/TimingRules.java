package io.tandem.heartbeat.config;

import java.time.Duration;
import java.util.Map;

/**
 * heartbeat 3.0.6's timer defaults and the checks its {@code init_config} makes on them, with heartbeat's messages
 * quoted, plus two warnings of tandem's own about {@code warntime}. All arithmetic is in whole milliseconds, as in
 * heartbeat.
 */
final class TimingRules {

    static final Duration DEFAULT_KEEPALIVE = Duration.ofSeconds(1);
    static final Duration DEFAULT_DEADTIME = Duration.ofSeconds(30);

    private TimingRules() {}

    /**
     * Applies the defaults to the timers ha.cf gives and checks the result.
     *
     * @param given the timers ha.cf sets, by directive name
     * @param lines the line of every directive ha.cf sets, for locating the problems
     * @param check false when a timer could not be read, so that its default does not cause confusing problems
     */
    static HeartbeatTiming resolve(Map<String, Duration> given, Map<String, Integer> lines, boolean check,
            Problems problems) {
        Duration keepalive = given.getOrDefault("keepalive", DEFAULT_KEEPALIVE);
        Duration deadtime = given.getOrDefault("deadtime", DEFAULT_DEADTIME);
        Duration warntime = given.getOrDefault("warntime", Duration.ofMillis(deadtime.toMillis() / 2));
        Duration initdead = given.getOrDefault("initdead", defaultInitdead(deadtime));
        Duration deadping = given.getOrDefault("deadping", deadtime);
        if (check) {
            new Checks(lines, problems).check(keepalive, deadtime, warntime, initdead, deadping);
        }
        return new HeartbeatTiming(keepalive, deadtime, warntime, initdead, deadping);
    }

    /** deadtime itself above 10 s, 12 s below 6 s, twice deadtime in between. */
    static Duration defaultInitdead(Duration deadtime) {
        if (deadtime.compareTo(Duration.ofSeconds(10)) > 0) {
            return deadtime;
        }
        return deadtime.compareTo(Duration.ofSeconds(6)) < 0 ? Duration.ofSeconds(12) : deadtime.multipliedBy(2);
    }

    private record Checks(Map<String, Integer> lines, Problems problems) {

        void check(Duration keepalive, Duration deadtime, Duration warntime, Duration initdead, Duration deadping) {
            String k = HeartbeatTime.describe(keepalive);
            String d = HeartbeatTime.describe(deadtime);
            if (deadtime.compareTo(keepalive.multipliedBy(2)) <= 0) {
                problems.refuse(lineOf("deadtime", "keepalive"), "deadtime", "deadtime (" + d + ") must be more than"
                        + " twice keepalive (" + k + "); heartbeat 3.0.6 refuses it (\"Dead time is too small compared to"
                        + " keepalive\"): raise deadtime or lower keepalive");
            }
            if (initdead.compareTo(deadtime) < 0) {
                problems.refuse(lineOf("initdead", "deadtime"), "initdead", "initdead (" + HeartbeatTime.describe(initdead)
                        + ") must be at least deadtime (" + d + "); heartbeat 3.0.6 refuses it (\"Initial dead time is"
                        + " smaller than deadtime\")");
            } else {
                Duration advised = deadtime.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0
                        ? deadtime.multipliedBy(2) : Duration.ofSeconds(10);
                if (initdead.compareTo(advised) < 0) {
                    problems.warn(lineOf("initdead", "deadtime"), "initdead", "initdead ("
                            + HeartbeatTime.describe(initdead) + ") is short: networks can take many seconds to come up"
                            + " after a boot; heartbeat warns below 10 s and its sample ha.cf asks for at least twice"
                            + " deadtime (" + HeartbeatTime.describe(advised) + ")");
                }
            }
            if (lines.containsKey("deadping") && deadping.compareTo(keepalive.multipliedBy(2)) <= 0) {
                problems.refuse(lines.get("deadping"), "deadping", "deadping (" + HeartbeatTime.describe(deadping) + ")"
                        + " must be more than twice keepalive (" + k + "); heartbeat 3.0.6 refuses it (\"Ping dead time"
                        + " is too small\")");
            }
            // heartbeat accepts any positive warntime; these two only make its warnings useless.
            if (lines.containsKey("warntime")) {
                if (warntime.compareTo(deadtime) >= 0) {
                    problems.warn(lines.get("warntime"), "warntime", "warntime (" + HeartbeatTime.describe(warntime)
                            + ") is not below deadtime (" + d + "): no \"late heartbeat\" warning can come before the"
                            + " peer is declared dead");
                } else if (warntime.compareTo(keepalive) <= 0) {
                    problems.warn(lines.get("warntime"), "warntime", "warntime (" + HeartbeatTime.describe(warntime)
                            + ") is not above keepalive (" + k + "): every heartbeat would be reported late");
                }
            }
        }

        private int lineOf(String preferred, String fallback) {
            return lines.getOrDefault(preferred, lines.getOrDefault(fallback, 0));
        }
    }
}
