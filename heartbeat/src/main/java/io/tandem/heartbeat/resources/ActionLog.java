package io.tandem.heartbeat.resources;

import org.slf4j.Logger;

/** Logs an action's result and the end of its output, the same way for scripts and built-in resources. */
final class ActionLog {

    private static final int OUTPUT_LINES = 40;

    private ActionLog() {}

    /**
     * Starts and stops at INFO, status answers at DEBUG (they come often, from monitoring), failures at WARN, each
     * output line after it.
     */
    static void log(Logger log, String logName, ActionResult result) {
        boolean failed = !result.isSuccess();
        boolean quiet = result.action() == ResourceAction.STATUS && !failed;
        if (failed) {
            log.warn("{} {}", logName, result.summary());
        } else if (quiet) {
            log.debug("{} {}", logName, result.summary());
        } else {
            log.info("{} {}", logName, result.summary());
        }
        if (result.output().isBlank() || (quiet && !log.isDebugEnabled())) {
            return;
        }
        String[] lines = result.output().strip().split("\n");
        for (int i = Math.max(0, lines.length - OUTPUT_LINES); i < lines.length; i++) {
            String line = logName + " " + result.action().word() + " " + result.resource() + "> " + lines[i];
            if (failed) {
                log.warn("{}", line);
            } else if (quiet) {
                log.debug("{}", line);
            } else {
                log.info("{}", line);
            }
        }
    }
}
