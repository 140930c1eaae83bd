/**
 * DRBD as a failover resource: {@link io.tandem.drbd.agent.DrbdDisk} is drbddisk with its arguments, output and exit
 * codes, plus the safety the flows are tested for (no promotion of a disk that is not UpToDate, no promotion of a
 * StandAlone node, demotion retried while the device is held); {@link io.tandem.drbd.agent.PlanExecutor} carries an
 * intent out behind its safety check; {@link io.tandem.drbd.agent.FencePeer} is the peer's side of the fence-peer
 * handler. All act on one node through {@link io.tandem.drbd.agent.LocalDrbd}: the host's drbdadm in production, a
 * node of the in-process model in tests.
 */
package io.tandem.drbd.agent;
