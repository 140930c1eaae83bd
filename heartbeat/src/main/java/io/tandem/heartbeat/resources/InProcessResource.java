package io.tandem.heartbeat.resources;

import java.util.List;

/**
 * A resource type that runs inside the daemon instead of as a script, with a script's contract: an action ends with
 * an exit code and the text it would have printed, read as heartbeat reads a script's. This keeps modules that
 * provide resources (DRBD's drbddisk) free of the daemon's types, and the daemon free of theirs.
 */
@FunctionalInterface
public interface InProcessResource {

    /**
     * Runs {@code start}, {@code stop} or {@code status} and blocks until done. An interrupt means the action ran
     * past its timeout: stop what is running and return.
     */
    Reply run(ResourceAction action);

    /**
     * How an action ended, as a script's exit would.
     *
     * @param exitCode LSB's: 0 done or running, 3 not running, anything else failed or unknown
     * @param output what a script would print on stdout
     */
    record Reply(int exitCode, String output) {}

    /** Makes the resource for the {@code ::} arguments of one haresources entry. */
    @FunctionalInterface
    interface Type {
        /**
         * @throws IllegalArgumentException when the arguments cannot name a resource of this type; the message is
         *     reported as a configuration problem before the daemon starts
         */
        InProcessResource create(List<String> arguments);
    }
}
