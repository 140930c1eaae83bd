package io.tandem.heartbeat;

import io.tandem.heartbeat.membership.Decision;
import io.tandem.heartbeat.membership.Membership;
import io.tandem.heartbeat.wire.RejectReason;
import java.util.List;
import java.util.Map;

/**
 * What {@code tandem heartbeat status} shows, as cl_status does: the nodes and their status, the groups this node
 * holds, and the datagrams it refused.
 *
 * @param membership nodes, generations, sequence numbers and time since each peer's last status
 * @param links each heartbeat path of ha.cf, up or dead
 * @param heldGroups the haresources groups (by key) this node holds now
 * @param takeoverState the resource manager's state (INIT, STARTING, BOTH_STARTING, STABLE, SHUTDOWN)
 * @param takeoverNote the last noteworthy thing the takeover protocol did
 * @param rejected refused datagrams by reason (not decodable, or not authentic)
 * @param dropped authentic messages dropped by the protocol rules, by kind (replays, unknown nodes, duplicates)
 */
public record HeartbeatStatus(Membership.View membership, List<HeartbeatDaemon.LinkView> links, List<String> heldGroups,
        String takeoverState, String takeoverNote, Map<RejectReason, Long> rejected,
        Map<Decision.DropKind, Long> dropped) {}
