package io.tandem.replicator.apply;

import java.util.Set;

/**
 * What the applier does when the target refuses an event: by default, stop the channel.
 *
 * @param skipAllErrors {@code slave-skip-errors=all}: skip every failing event (each one recorded)
 * @param skippedErrorCodes error codes whose events are skipped (each one recorded)
 * @param idempotent {@code slave_exec_mode=IDEMPOTENT}: duplicate keys overwrite, missing rows are
 *     inserted (update) or ignored (delete); each correction recorded
 * @param skipGtidsAlreadyApplied skip a transaction whose GTID the target already logged (error 1950),
 *     instead of stopping
 */
public record ApplyPolicy(boolean skipAllErrors, Set<Integer> skippedErrorCodes, boolean idempotent,
        boolean skipGtidsAlreadyApplied) {

    public static final ApplyPolicy STRICT = new ApplyPolicy(false, Set.of(), false, false);

    public ApplyPolicy {
        skippedErrorCodes = Set.copyOf(skippedErrorCodes);
    }

    public boolean skips(int errorCode) {
        return skipAllErrors || skippedErrorCodes.contains(errorCode);
    }

    /** Whether any event may be skipped, which makes the applier set a savepoint before each event. */
    public boolean mayDiscardEvents() {
        return skipAllErrors || !skippedErrorCodes.isEmpty();
    }
}
