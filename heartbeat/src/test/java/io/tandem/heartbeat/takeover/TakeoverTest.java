package io.tandem.heartbeat.takeover;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.heartbeat.config.ResourceGroup;
import io.tandem.heartbeat.config.ResourceSpec;
import io.tandem.heartbeat.wire.Message;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two nodes running the protocol against each other over an in-memory link, with group actions that succeed at
 * once: the seed's pair (the VIP homed on node1) through start, death, return with auto failback, and graceful
 * stop. The messages each node sends are the ones the 3.0.6 captures show for the same phases.
 */
class TakeoverTest {

    private static final ResourceGroup VIP = new ResourceGroup("node1",
            List.of(new ResourceSpec("IPaddr", List.of("10.10.10.100/24/eth1"), "IPaddr::10.10.10.100/24/eth1")));
    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    private final Map<String, Takeover> nodes = new java.util.HashMap<>();
    private final Map<String, List<String>> sent = Map.of("node1", new ArrayList<>(), "node2", new ArrayList<>());
    private final Deque<Runnable> pending = new ArrayDeque<>();
    private final List<String> fenced = new ArrayList<>();
    private boolean fenceSucceeds = true;
    private long now;

    @Test
    void bothStartTogetherAndEachTakesItsOwnAfterTheDelay() {
        startPair(true);
        assertThat(node("node1").heldGroups()).containsExactly(VIP.key());
        assertThat(node("node2").heldGroups()).isEmpty();
        assertThat(node("node1").state()).isEqualTo(Takeover.State.STABLE);
        assertThat(node("node2").state()).isEqualTo(Takeover.State.STABLE);
        assertThat(sent.get("node1")).startsWith("starting", "resource none full isstable=0")
                .contains("resource local full isstable=1 req_our_resources()");
    }

    @Test
    void aStartingMessageThatArrivesBeforeTheLocalNodeIsActiveIsAnsweredOnceItIs() {
        // node1 goes active first; its starting reaches node2 before node2 is active (found with a real peer,
        // which then waited for node2's report for ever).
        nodes.put("node1", new Takeover("node1", List.of(VIP), true, false));
        nodes.put("node2", new Takeover("node2", List.of(VIP), true, false));
        run("node1", node("node1").localActive(true, now));
        assertThat(node("node2").state()).isEqualTo(Takeover.State.INIT);
        run("node2", node("node2").localActive(true, now));
        assertThat(sent.get("node2")).startsWith("starting", "resource none full isstable=0");
        tickFor(12);
        assertThat(node("node1").heldGroups()).containsExactly(VIP.key());
        assertThat(node("node2").state()).isEqualTo(Takeover.State.STABLE);
    }

    @Test
    void aDeadPeersGroupsAreTakenAndComeBackWithAutoFailback() {
        startPair(true);
        sent.get("node2").clear();
        run("node2", node("node2").peerDead("node1", now));
        assertThat(node("node2").heldGroups()).containsExactly(VIP.key());
        assertThat(sent.get("node2")).containsExactly("stonith node1 n_stnth",
                "resource all full isstable=1 req_our_resources()", "resource foreign mach_down");

        // node1 returns: starts, sees node2 stable with everything, takes nothing; node2 gives the VIP back.
        nodes.put("node1", new Takeover("node1", List.of(VIP), true, false));
        run("node2", node("node2").peerActive(now));
        run("node1", node("node1").localActive(true, now));
        tickFor(3);
        assertThat(node("node1").heldGroups()).containsExactly(VIP.key());
        assertThat(node("node2").heldGroups()).isEmpty();
        assertThat(sent.get("node2")).containsSubsequence("ask_resources foreign me",
                "resource local full isstable=0 standby", "ask_resources foreign done");
        assertThat(sent.get("node1")).containsSubsequence("ask_resources foreign other", "ask_resources foreign done");
    }

    @Test
    void withoutAutoFailbackTheGroupsStayWhereTheyAre() {
        startPair(false);
        run("node2", node("node2").peerDead("node1", now));
        nodes.put("node1", new Takeover("node1", List.of(VIP), false, false));
        run("node2", node("node2").peerActive(now));
        run("node1", node("node1").localActive(true, now));
        tickFor(15);
        assertThat(node("node2").heldGroups()).containsExactly(VIP.key());
        assertThat(node("node1").heldGroups()).isEmpty();
        assertThat(node("node1").state()).isEqualTo(Takeover.State.STABLE);
    }

    @Test
    void standbyHandsTheGroupsToThePeerAndTakeoverBringsThemBack() {
        startPair(false);
        sent.get("node1").clear();
        sent.get("node2").clear();

        run("node1", node("node1").requestStandby(Takeover.holdingClasses("all"), now));

        assertThat(node("node1").heldGroups()).isEmpty();
        assertThat(node("node2").heldGroups()).containsExactly(VIP.key());
        // the giver is stable again once the taker is done, or a 3.0.6 peer ignores its next offer
        assertThat(sent.get("node1")).containsSubsequence("ask_resources all me",
                "resource none full isstable=0 standby", "ask_resources all done", "resource none full isstable=1");
        assertThat(sent.get("node2")).containsSubsequence("ask_resources all other", "ask_resources all done");
        tickFor(3);
        assertThat(node("node2").heldGroups()).as("auto_failback off: it stays").containsExactly(VIP.key());

        // node1's admin wants its own groups back: node2 offers them, as 3.0.6 answers hb_takeover
        run("node1", node("node1").requestTakeover(Takeover.holdingClasses("local")));

        assertThat(node("node1").heldGroups()).containsExactly(VIP.key());
        assertThat(node("node2").heldGroups()).isEmpty();
        assertThat(sent.get("node1")).contains("hb_takeover local");
        assertThat(sent.get("node2")).containsSubsequence("ask_resources foreign me", "ask_resources foreign done");
    }

    @Test
    void aRepeatedOfferIsAnsweredAgainWhenThePeerCancelledTheFirst() {
        startPair(false);
        Message offer = Message.builder().text("t", "ask_resources").text("rsc_hold", "all").text("info", "me")
                .build();

        // the peer cancelled the first exchange without a done (a real 3.0.6 node does when it saw us in flux)
        List<Takeover.Action> first = node("node2").onMessage(offer, now);
        List<Takeover.Action> again = node("node2").onMessage(offer, now);

        assertThat(first).hasSize(1);
        assertThat(again).as("still answered: the new offer replaces the cancelled one").hasSize(1)
                .allSatisfy(action -> assertThat(describe(((Takeover.Action.Send) action).message()))
                        .isEqualTo("ask_resources all other"));
    }

    @Test
    void standbyIsNotStartedWhenThereIsNothingToGiveOrNobodyToTakeIt() {
        startPair(false);

        assertThat(node("node2").requestStandby(Takeover.holdingClasses("all"), now)).isEmpty();
        assertThat(node("node2").lastNote()).contains("this node holds none");
        run("node2", node("node2").peerDead("node1", now));
        assertThat(node("node2").requestStandby(Takeover.holdingClasses("foreign"), now)).isEmpty();
        assertThat(node("node2").lastNote()).contains("no active peer");
        assertThat(node("node2").heldGroups()).containsExactly(VIP.key());
    }

    @Test
    void aGracefulStopHandsEverythingOverAtOnce() {
        startPair(true);
        sent.get("node2").clear();
        run("node1", node("node1").localShutdown());
        assertThat(sent.get("node1")).endsWith("resource none full isstable=0 shutdown", "shutdone");
        assertThat(node("node1").heldGroups()).isEmpty();
        assertThat(node("node2").heldGroups()).containsExactly(VIP.key());
        // Its heartbeats stop later: no fencing for a node that gave everything up.
        run("node2", node("node2").peerDead("node1", now));
        assertThat(sent.get("node2")).contains("stonith node1 unneeded").doesNotContain("stonith node1 n_stnth");
    }

    @Test
    void aFenceThatFailsMeansNoTakeover() {
        nodes.put("node1", new Takeover("node1", List.of(VIP), true, true));
        nodes.put("node2", new Takeover("node2", List.of(VIP), true, true));
        run("node1", node("node1").localActive(true, now));
        run("node2", node("node2").localActive(true, now));
        tickFor(12);
        fenceSucceeds = false;
        run("node2", node("node2").peerDead("node1", now));
        assertThat(fenced).containsExactly("node1");
        assertThat(node("node2").heldGroups()).isEmpty();
        assertThat(node("node2").lastNote()).contains("NOT taken");

        // Retried every 5 s, as heartbeat retries STONITH, until it succeeds.
        tickFor(6);
        assertThat(fenced).containsExactly("node1", "node1");
        assertThat(node("node2").heldGroups()).isEmpty();
        fenceSucceeds = true;
        tickFor(6);
        assertThat(node("node2").heldGroups()).containsExactly(VIP.key());
        assertThat(sent.get("node2")).contains("stonith node1 OK");
    }

    private void startPair(boolean autoFailback) {
        nodes.put("node1", new Takeover("node1", List.of(VIP), autoFailback, false));
        nodes.put("node2", new Takeover("node2", List.of(VIP), autoFailback, false));
        run("node1", node("node1").localActive(true, now));
        run("node2", node("node2").localActive(true, now));
        tickFor(12);
    }

    private Takeover node(String name) {
        return nodes.get(name);
    }

    private void tickFor(int seconds) {
        for (int i = 0; i < seconds * 10; i++) {
            now += SECOND / 10;
            for (String name : List.of("node1", "node2")) {
                run(name, node(name).onTick(now));
            }
        }
    }

    private void run(String from, List<Takeover.Action> actions) {
        for (Takeover.Action action : actions) {
            Takeover self = node(from);
            String peer = from.equals("node1") ? "node2" : "node1";
            switch (action) {
                case Takeover.Action.Send send -> {
                    sent.get(from).add(describe(send.message()));
                    pending.add(() -> run(peer, node(peer).onMessage(send.message(), now)));
                }
                case Takeover.Action.StartGroups start ->
                        pending.add(() -> run(from, self.groupsStarted(start.step(), start.groups(), true)));
                case Takeover.Action.StopGroups stop ->
                        pending.add(() -> run(from, self.groupsStopped(stop.step(), stop.groups(), true)));
                case Takeover.Action.Fence fence -> {
                    fenced.add(fence.node());
                    boolean outcome = fenceSucceeds;
                    pending.add(() -> run(from, self.fenced(fence.node(), outcome)));
                }
                case Takeover.Action.ShutdownComplete done -> { }
            }
        }
        while (!pending.isEmpty()) {
            pending.poll().run();
        }
    }

    private static String describe(Message message) {
        StringBuilder text = new StringBuilder(message.type().orElseThrow());
        for (String field : List.of("node", "result", "rsc_hold", "rtype", "isstable", "info")) {
            message.text(field).ifPresent(value -> text.append(' ').append(field.equals("isstable") ? "isstable=" + value
                    : value));
        }
        return text.toString();
    }
}
