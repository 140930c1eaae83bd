/**
 * The DRBD flows tandem drives (DRBD notes, section 6.3: first sync, switchover, failover, return of the old primary,
 * split-brain recovery), and {@link io.tandem.drbd.flow.DrbdPairModel}, an in-process model of a two-node resource
 * that follows DRBD's state machine so that the flows and the command plans run without a kernel module.
 * The flows gate every step with {@link io.tandem.drbd.command.PreChecks} and run the argv of
 * {@link io.tandem.drbd.command.CommandPlanner}'s plans; a flow that must not go on stops with the reason and the
 * exact recovery commands. {@link io.tandem.drbd.flow.ModelStatusText} prints a model node as DRBD would, so that the
 * status parsers are tested against the model's states, and {@link io.tandem.drbd.flow.ModelLocalDrbd} lets the
 * failover resource act on a model node as on a host.
 */
package io.tandem.drbd.flow;
