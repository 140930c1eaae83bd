package io.tandem.heartbeat.resources;

import java.util.regex.Pattern;

/**
 * Reads a {@code status} answer: LSB exit codes first, heartbeat's text rule where they say nothing.
 *
 * <p>LSB init scripts exit 0 when running and 3 when stopped (1 and 2: dead, with a stale pid or lock file). The
 * heartbeat wrappers around OCF agents ({@code resource.d/IPaddr} and friends) exit with the OCF code, 7 for not
 * running. heartbeat's ResourceManager ignores all codes and greps stdout: "not running" means stopped, "running"
 * or "OK" means running, anything else stopped. That text is the fallback here, for codes other than 0, 3 and 7:
 * drbddisk, unsure, exits 4 saying "may be running" and wants to be taken as running.
 */
final class LsbStatus {

    // ResourceManager's case patterns: *[Nn][Oo][Tt]\ *[Rr]unning*, then *[Rr]unning*|*OK*.
    private static final Pattern NOT_RUNNING = Pattern.compile("[Nn][Oo][Tt] *[Rr]unning");
    private static final Pattern RUNNING = Pattern.compile("[Rr]unning|OK");

    private static final int LSB_RUNNING = 0;
    private static final int LSB_DEAD_PID_FILE_EXISTS = 1;
    private static final int LSB_DEAD_LOCK_FILE_EXISTS = 2;
    private static final int LSB_NOT_RUNNING = 3;
    private static final int OCF_NOT_RUNNING = 7;

    private LsbStatus() {}

    /** {@link ActionOutcome#RUNNING}, {@link ActionOutcome#STOPPED}, or {@link ActionOutcome#FAILED} (cannot tell). */
    static ActionOutcome interpret(int exitCode, String stdout) {
        boolean saysNotRunning = NOT_RUNNING.matcher(stdout).find();
        return switch (exitCode) {
            // An old script may exit 0 whatever the state and only say it: "not running" wins over the code.
            case LSB_RUNNING -> saysNotRunning ? ActionOutcome.STOPPED : ActionOutcome.RUNNING;
            case LSB_NOT_RUNNING, OCF_NOT_RUNNING -> ActionOutcome.STOPPED;
            default -> {
                if (saysNotRunning) {
                    yield ActionOutcome.STOPPED;
                } else if (RUNNING.matcher(stdout).find()) {
                    yield ActionOutcome.RUNNING;
                } else if (exitCode == LSB_DEAD_PID_FILE_EXISTS || exitCode == LSB_DEAD_LOCK_FILE_EXISTS) {
                    yield ActionOutcome.STOPPED;
                } else {
                    yield ActionOutcome.FAILED;
                }
            }
        };
    }
}
