package io.tandem.replicator.filter;

import java.util.Objects;

/**
 * What the filter decided for one row event or statement, and which rule decided it.
 *
 * @param decision apply it, skip it, or stop the channel
 * @param rule the deciding rule as a short stable key for counters and logs, such as
 *     {@code replicate-ignore-db=mysql}, {@code replicate-do-table (no match)} or {@code no rules}
 * @param reason one sentence for the log: what was matched against what
 */
public record Verdict(Decision decision, String rule, String reason) {

    public enum Decision {
        /** Apply the event to the target. */
        APPLY,
        /** Leave the event out, as a native replica's filter would. */
        SKIP,
        /** The filter cannot decide without guessing; the channel must stop and say why. */
        STOP
    }

    public Verdict {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(reason, "reason");
    }

    static Verdict apply(String rule, String reason) {
        return new Verdict(Decision.APPLY, rule, reason);
    }

    static Verdict skip(String rule, String reason) {
        return new Verdict(Decision.SKIP, rule, reason);
    }

    static Verdict stop(String rule, String reason) {
        return new Verdict(Decision.STOP, rule, reason);
    }

    public boolean shouldApply() {
        return decision == Decision.APPLY;
    }

    public boolean shouldSkip() {
        return decision == Decision.SKIP;
    }

    public boolean shouldStop() {
        return decision == Decision.STOP;
    }

    @Override
    public String toString() {
        return decision + " by " + rule + ": " + reason;
    }
}
