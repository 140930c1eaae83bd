/**
 * Resource takeover: haresources resources started, stopped and checked as heartbeat 3.0.6 does, with a timeout on
 * every action and LSB exit codes. {@link io.tandem.heartbeat.resources.ResourceScripts} finds scripts in {@code
 * resource.d} and {@code init.d}; {@link io.tandem.heartbeat.resources.ResourceAgents} makes a script or built-in
 * virtual-IP agent per resource; {@link io.tandem.heartbeat.resources.GroupRunner} runs whole groups off the
 * daemon's thread, rolls back a failed start, retries a failed stop, and leaves fencing to the caller.
 */
package io.tandem.heartbeat.resources;
