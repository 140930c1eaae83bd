package io.tandem.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.drbd.status.DrbdEvent;
import io.tandem.drbd.status.Events2Listener;
import io.tandem.drbd.status.PeerStatus;
import io.tandem.drbd.status.PeerVolumeStatus;
import io.tandem.drbd.status.ResourceStatus;
import io.tandem.drbd.status.VolumeStatus;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the failover daemon knows of its DRBD resources, from the events2 monitor, for {@code tandem heartbeat
 * status}: each resource's last state, every split brain seen (logged at ERROR as it happens, kept until the daemon
 * restarts), and whether the monitor can see DRBD at all.
 */
final class DrbdWatch implements Events2Listener {

    private static final Logger log = LoggerFactory.getLogger(DrbdWatch.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private record SplitBrainSeen(DrbdEvent.SplitBrain event, Instant at) {}

    private final InstantSource clock;
    private final Map<String, ResourceStatus> resources = new ConcurrentHashMap<>();
    private final List<SplitBrainSeen> splitBrains = new CopyOnWriteArrayList<>();
    private volatile String monitor = "starting";

    DrbdWatch(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public void on(DrbdEvent event) {
        switch (event) {
            case DrbdEvent.ResourceChanged changed -> {
                resources.put(changed.status().name(), changed.status());
                monitor = "running";
            }
            case DrbdEvent.ResourceRemoved removed -> resources.remove(removed.resource());
            case DrbdEvent.SplitBrain splitBrain -> {
                log.error("DRBD: {}", splitBrain.description());
                splitBrains.add(new SplitBrainSeen(splitBrain, clock.instant()));
            }
            case DrbdEvent.UndecodableLine undecodable -> { }
            case DrbdEvent.EventsProcessEnded ended -> monitor = "not watching: " + ended.description();
        }
    }

    /** The {@code drbd} section of status.json. */
    ObjectNode toJson() {
        ObjectNode drbd = MAPPER.createObjectNode();
        drbd.put("monitor", monitor);
        ArrayNode list = drbd.putArray("resources");
        resources.values().stream().sorted(Comparator.comparing(ResourceStatus::name)).forEach(status -> {
            ObjectNode resource = list.addObject();
            resource.put("name", status.name());
            resource.put("role", status.role().word());
            resource.put("disk", status.volumes().stream().findFirst().map(VolumeStatus::disk)
                    .map(disk -> disk.word()).orElse("Diskless"));
            ArrayNode peers = resource.putArray("peers");
            for (PeerStatus peer : status.peers()) {
                ObjectNode node = peers.addObject();
                node.put("name", peer.name().orElse(""));
                node.put("connection", peer.connection().word());
                node.put("role", peer.role().word());
                peer.volumes().stream().findFirst().ifPresent(volume -> describe(volume, node));
            }
        });
        ArrayNode seen = drbd.putArray("split_brains");
        for (SplitBrainSeen splitBrain : splitBrains) {
            seen.addObject().put("resource", splitBrain.event().resource()).put("peer", splitBrain.event().peer())
                    .put("evidence", splitBrain.event().evidence().name().toLowerCase(Locale.ROOT))
                    .put("at", splitBrain.at().toString()).put("description", splitBrain.event().description());
        }
        return drbd;
    }

    private static void describe(PeerVolumeStatus volume, ObjectNode node) {
        node.put("replication", volume.replication().word());
        node.put("peer_disk", volume.peerDisk().word());
        volume.resync().ifPresent(resync -> node.put("percent_done", resync.percentDone()));
    }
}
