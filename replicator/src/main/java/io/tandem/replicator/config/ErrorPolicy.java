package io.tandem.replicator.config;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a channel does when the target refuses an event: {@code slave-skip-errors} and
 * {@code slave-exec-mode}, with native meaning. The default is STRICT with nothing skipped: the
 * channel stops and names the event (STYLE section 6, failure policy FAIL).
 *
 * <p>Unlike a native replica, tandem reaches the target over a network connection, so some failures
 * are not the event's fault at all: a lost connection or a deadlock. Those are classified by
 * {@link ServerErrors} and retried; {@link #shouldSkip} never skips them, not even with
 * {@code slave-skip-errors=all}, because skipping a transaction that would have succeeded on a retry
 * drops it from the target for good.
 *
 * @param skipAll {@code slave-skip-errors=all}
 * @param skippedCodes the listed error codes ({@code ddl_exist_errors} expanded); empty for OFF
 * @param execMode STRICT or IDEMPOTENT
 */
public record ErrorPolicy(boolean skipAll, Set<Integer> skippedCodes, ExecMode execMode) {

    /** {@code ddl_exist_errors}, as MariaDB defines the alias. */
    public static final Set<Integer> DDL_EXIST_ERRORS = Collections.unmodifiableSet(new TreeSet<>(Set.of(
            1007, // ER_DB_CREATE_EXISTS
            1008, // ER_DB_DROP_EXISTS
            1050, // ER_TABLE_EXISTS_ERROR
            1051, // ER_BAD_TABLE_ERROR
            1054, // ER_BAD_FIELD_ERROR
            1060, // ER_DUP_FIELDNAME
            1061, // ER_DUP_KEYNAME
            1068, // ER_MULTIPLE_PRI_KEY
            1094, // ER_NO_SUCH_THREAD
            1146 // ER_NO_SUCH_TABLE
    )));

    /** The codes IDEMPOTENT mode absorbs for row events. */
    public static final Set<Integer> IDEMPOTENT_ROW_ERRORS = Collections.unmodifiableSet(new TreeSet<>(Set.of(
            1062, // ER_DUP_ENTRY
            1032 // ER_KEY_NOT_FOUND
    )));

    /** Nothing skipped, STRICT: the default. */
    public static final ErrorPolicy STRICT = new ErrorPolicy(false, Set.of(), ExecMode.STRICT);

    public ErrorPolicy {
        skippedCodes = Collections.unmodifiableSet(new TreeSet<>(skippedCodes));
        if (skipAll && !skippedCodes.isEmpty()) {
            throw new IllegalArgumentException("slave-skip-errors=all cannot be combined with codes " + skippedCodes);
        }
        for (int code : skippedCodes) {
            if (code < 1 || code > 65535) {
                throw new IllegalArgumentException("not a server error code: " + code);
            }
        }
    }

    /**
     * Whether a target error on an event is skipped under {@code slave-skip-errors}. Retriable errors
     * (deadlocks, lock wait timeouts, lost connections; see {@link ServerErrors}) are never skipped.
     * The caller records every skip with its binlog position.
     */
    public boolean shouldSkip(int errorCode) {
        if (ServerErrors.classify(errorCode) != ServerErrors.Retry.NONE) {
            return false;
        }
        return skipAll || skippedCodes.contains(errorCode);
    }

    /** Whether IDEMPOTENT mode absorbs this error of a row event (1062 duplicate key, 1032 row not found). */
    public boolean toleratesRowError(int errorCode) {
        return execMode == ExecMode.IDEMPOTENT && IDEMPOTENT_ROW_ERRORS.contains(errorCode);
    }

    /** Whether any event may be skipped, so that the applier sets a savepoint before each one. */
    public boolean mayDiscardEvents() {
        return skipAll || !skippedCodes.isEmpty();
    }

    public boolean isIdempotent() {
        return execMode == ExecMode.IDEMPOTENT;
    }

    /** The {@code slave-skip-errors} value that gives this policy: {@code OFF}, {@code all} or a code list. */
    public String skipErrorsSetting() {
        if (skipAll) {
            return "all";
        }
        if (skippedCodes.isEmpty()) {
            return "OFF";
        }
        return skippedCodes.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    @Override
    public String toString() {
        return "slave-skip-errors=" + skipErrorsSetting() + ", slave-exec-mode=" + execMode;
    }
}
