/**
 * drbdadm command plans. A sealed {@link io.tandem.drbd.command.Intent} (promote, demote, split-brain discard, ...)
 * is spelled by {@link io.tandem.drbd.command.CommandPlanner} as ordered drbdadm argument lists for one
 * {@link io.tandem.drbd.config.Dialect}, each with its reason, and rendered for a dry run.
 * {@link io.tandem.drbd.command.PreChecks} refuse a plan that the node's state makes unsafe and name the recovery
 * commands. Nothing in this package executes a command.
 */
package io.tandem.drbd.command;
