package io.tandem.heartbeat.interop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An impairment for {@code tc qdisc ... netem} on one veth end: it applies to the packets that end sends.
 *
 * <p>Build with {@link #loss(double)} or {@link #delay(Duration)} and combine with the {@code with*} methods:
 * {@code Netem.loss(20).withDelay(Duration.ofMillis(50), Duration.ofMillis(10))}.
 *
 * @param lossPercent share of packets dropped at random, 0 to 100
 * @param delay added one-way delay, {@link Duration#ZERO} for none
 * @param jitter random variation of {@code delay}, {@link Duration#ZERO} for none
 */
public record Netem(double lossPercent, Duration delay, Duration jitter) {

    public Netem {
        if (lossPercent < 0 || lossPercent > 100) {
            throw new IllegalArgumentException("lossPercent = " + lossPercent + ": must be within 0..100");
        }
        if (delay.isNegative() || jitter.isNegative()) {
            throw new IllegalArgumentException("delay = " + delay + ", jitter = " + jitter + ": must not be negative");
        }
        if (!jitter.isZero() && delay.isZero()) {
            throw new IllegalArgumentException("jitter = " + jitter + " needs a delay to vary");
        }
    }

    public static Netem loss(double percent) {
        return new Netem(percent, Duration.ZERO, Duration.ZERO);
    }

    public static Netem delay(Duration delay) {
        return new Netem(0, delay, Duration.ZERO);
    }

    public Netem withLoss(double percent) {
        return new Netem(percent, delay, jitter);
    }

    public Netem withDelay(Duration delay, Duration jitter) {
        return new Netem(lossPercent, delay, jitter);
    }

    /** The arguments after {@code netem}, for example {@code [loss, 20.0%, delay, 50ms, 10ms]}. */
    public List<String> arguments() {
        List<String> arguments = new ArrayList<>();
        if (lossPercent > 0) {
            arguments.addAll(List.of("loss", lossPercent + "%"));
        }
        if (!delay.isZero()) {
            arguments.addAll(List.of("delay", micros(delay)));
            if (!jitter.isZero()) {
                arguments.add(micros(jitter));
            }
        }
        return List.copyOf(arguments);
    }

    private static String micros(Duration duration) {
        return duration.toNanos() / 1_000 + "us";
    }
}
