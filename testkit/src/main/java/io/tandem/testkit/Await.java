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
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; state: "
                        + state.get());
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
