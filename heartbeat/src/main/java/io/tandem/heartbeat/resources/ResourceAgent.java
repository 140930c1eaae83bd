package io.tandem.heartbeat.resources;

import io.tandem.heartbeat.config.ResourceSpec;

/**
 * One haresources resource and its three actions. Each action blocks until done or timed out, never throws, and
 * returns an {@link ActionResult} that it has already logged; run actions off the daemon's event loop, as {@link
 * GroupRunner} does. {@code stop} of a stopped resource succeeds, as LSB requires.
 */
public sealed interface ResourceAgent permits ScriptResource, VirtualIpResource, InProcessAgent {

    /** The resource as configured. */
    ResourceSpec spec();

    /** Runs {@code action}. */
    ActionResult run(ResourceAction action);

    default ActionResult start() {
        return run(ResourceAction.START);
    }

    default ActionResult stop() {
        return run(ResourceAction.STOP);
    }

    /** {@link ActionOutcome#RUNNING}, {@link ActionOutcome#STOPPED}, or why it cannot tell. */
    default ActionResult status() {
        return run(ResourceAction.STATUS);
    }
}
