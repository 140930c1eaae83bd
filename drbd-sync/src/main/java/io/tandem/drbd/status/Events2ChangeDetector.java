package io.tandem.drbd.status;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns the lines of one events2 stream after another into {@link DrbdEvent}s: what changed since the last report,
 * not what DRBD printed. Each stream (one run of the events2 process) is applied to a fresh {@link Events2State};
 * what was last reported, and which connections were seen Connected, outlive the streams, so a restart after a gap
 * reports only what differs and still notices a connection that went StandAlone during the gap.
 *
 * <p>Not thread-safe; owned by the thread reading the stream.
 */
final class Events2ChangeDetector {

    private final Consumer<DrbdEvent> events;
    private final Map<String, ResourceStatus> lastReported = new LinkedHashMap<>();
    /** resource NUL peer, for each connection seen Connected and not StandAlone since. */
    private final Set<String> connectedPeers = new HashSet<>();
    private Events2State state = new Events2State();
    private int splitBrainCallsReported;
    private long undecodable;

    Events2ChangeDetector(Consumer<DrbdEvent> events) {
        this.events = events;
    }

    /** A new events2 process starts: it lists DRBD's state again before its changes. */
    void startStream() {
        state = new Events2State();
        splitBrainCallsReported = 0;
    }

    void accept(String line, int lineNumber) {
        switch (state.apply(line, lineNumber)) {
            case ParseOutcome.UnknownFormat<Events2Line> unknown -> {
                undecodable++;
                events.accept(new DrbdEvent.UndecodableLine(lineNumber, line, unknown.reason(), undecodable));
            }
            case ParseOutcome.Parsed<Events2Line>(Events2Line.InitialStateComplete complete) ->
                    reportAll(complete.timestamp());
            case ParseOutcome.Parsed<Events2Line>(Events2Line.ObjectEvent event) -> {
                if (event.object() == Events2Line.ObjectType.HELPER) {
                    reportSplitBrainCalls();
                } else if (state.isInitialStateComplete()) {
                    report(event.resourceName(), event.timestamp());
                }
            }
        }
    }

    long undecodableLines() {
        return undecodable;
    }

    /** The initial listing is complete: report every difference from what was last reported, removals included. */
    private void reportAll(Optional<String> timestamp) {
        List<String> names = new ArrayList<>(lastReported.keySet());
        state.resources().stream().map(ResourceStatus::name).filter(name -> !names.contains(name)).forEach(names::add);
        names.forEach(name -> report(name, timestamp));
    }

    private void report(String name, Optional<String> timestamp) {
        Optional<ResourceStatus> now = state.resource(name);
        if (now.isEmpty()) {
            if (lastReported.remove(name) != null) {
                connectedPeers.removeIf(key -> key.startsWith(name + "\u0000"));
                events.accept(new DrbdEvent.ResourceRemoved(name, timestamp));
            }
            return;
        }
        ResourceStatus status = now.get();
        if (status.equals(lastReported.get(name))) {
            return;
        }
        lastReported.put(name, status);
        events.accept(new DrbdEvent.ResourceChanged(status, timestamp));
        reportStandAlone(status, timestamp);
    }

    private void reportStandAlone(ResourceStatus status, Optional<String> timestamp) {
        Set<String> present = new HashSet<>();
        for (PeerStatus peer : status.peers()) {
            String peerName = peer.name().orElse("#" + (peer.nodeId().isPresent() ? peer.nodeId().getAsInt() : ""));
            String key = status.name() + "\u0000" + peerName;
            present.add(key);
            if (peer.isConnected()) {
                connectedPeers.add(key);
            } else if (peer.connection().is(ConnectionState.STANDALONE) && connectedPeers.remove(key)) {
                events.accept(new DrbdEvent.SplitBrain(status.name(), peerName,
                        DrbdEvent.Evidence.CONNECTION_WENT_STANDALONE, timestamp));
            }
        }
        // A destroyed connection (drbdadm del-peer, down) starts over when it comes back.
        connectedPeers.removeIf(key -> key.startsWith(status.name() + "\u0000") && !present.contains(key));
    }

    private void reportSplitBrainCalls() {
        List<Events2State.SplitBrainHandlerCall> calls = state.splitBrainHandlerCalls();
        for (Events2State.SplitBrainHandlerCall call : calls.subList(splitBrainCallsReported, calls.size())) {
            events.accept(new DrbdEvent.SplitBrain(call.resource(), call.peer(), DrbdEvent.Evidence.HANDLER_CALLED,
                    call.timestamp()));
        }
        splitBrainCallsReported = calls.size();
    }
}
