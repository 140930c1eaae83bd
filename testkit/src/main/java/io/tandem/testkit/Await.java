package io.tandem.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition in tests: the timeout is only an upper bound, the condition ends the wait. */
public final class Await {

    private static final long POLL_MILLIS = 20;

    private Await() {}

    /**
     * Returns as soon as {@code condition} holds; fails after {@code timeout} naming {@code what} and {@code state}
     * (computed only then).
     */
    public static void until(String what, BooleanSupplier condition, Duration timeout, Supplier<String> state) {
        poll(what, condition::getAsBoolean, false, timeout, state);
    }

    /** A condition whose check may fail on the way (a server not answering yet): a failure counts as "not yet". */
    @FunctionalInterface
    public interface Check {
        boolean holds() throws Exception;
    }

    /**
     * As {@link #until}, for a check that may throw; on timeout the last exception is attached to the failure.
     */
    public static void untilChecked(String what, Check condition, Duration timeout, Supplier<String> state) {
        poll(what, condition, true, timeout, state);
    }

    private static void poll(String what, Check condition, boolean failureMeansNotYet, Duration timeout,
            Supplier<String> state) {
        Instant deadline = Instant.now().plus(timeout);
        Exception lastFailure = null;
        while (true) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (Exception e) {
                if (!failureMeansNotYet) {
                    throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
                }
                lastFailure = e;
            }
            if (Instant.now().isAfter(deadline)) {
                AssertionError timedOut = new AssertionError("timed out after " + timeout + " waiting for " + what
                        + "; state: " + state.get());
                if (lastFailure != null) {
                    timedOut.addSuppressed(lastFailure);
                }
                throw timedOut;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
