package io.tandem.heartbeat.vip;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The senders are small scripts that log their arguments; announcements run inline. */
class ArpAnnouncerTest {

    private static final InterfaceAddress VIP = new InterfaceAddress("eth1", IpCommandTest.ip("10.10.10.100"), 24);

    @TempDir
    Path dir;

    private Path calls;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(ArpAnnouncer.class);

    @BeforeEach
    void captureLog() {
        calls = dir.resolve("calls");
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(logged);
    }

    @Test
    void sendsUnsolicitedArpsWithIputilsArping() throws Exception {
        Path arping = program("arping", "[ \"$1\" = -V ] && { echo 'arping from iputils 20221126'; exit 0; }");
        ArpAnnouncer announcer = announcer(ArpSettings.DEFAULTS, List.of(arping), List.of());

        ArpAnnouncement announcement = announcer.announce(VIP).join();

        assertThat(announcement.sender()).isEqualTo(ArpSender.IPUTILS_ARPING);
        assertThat(announcement.sent()).isTrue();
        assertThat(Files.readAllLines(calls)).containsExactly("arping -U -c 5 -I eth1 10.10.10.100");
    }

    @Test
    void givesArpingAnIntervalOnlyInWholeSeconds() throws Exception {
        Path arping = program("arping", "[ \"$1\" = -V ] && { echo 'arping from iputils 20221126'; exit 0; }");
        ArpAnnouncer announcer = announcer(new ArpSettings(3, Duration.ofMillis(2500)), List.of(arping), List.of());

        announcer.announce(VIP).join();

        assertThat(Files.readAllLines(calls)).containsExactly("arping -U -c 3 -i 2 -I eth1 10.10.10.100");
    }

    @Test
    void fallsBackToSendArpWhenTheArpingIsNotIputils() throws Exception {
        Path habets = program("arping", "[ \"$1\" = -V ] && { echo 'ARPing 2.21, by Thomas Habets'; exit 0; }");
        Path sendArp = program("send_arp", "");
        ArpAnnouncer announcer = announcer(ArpSettings.DEFAULTS, List.of(habets), List.of(sendArp));

        ArpAnnouncement announcement = announcer.announce(VIP).join();

        assertThat(announcement.sender()).isEqualTo(ArpSender.SEND_ARP);
        assertThat(announcement.sent()).isTrue();
        assertThat(Files.readAllLines(calls)).hasSize(1).first().asString()
                .matches("send_arp -i 200 -r 5 -p \\S+\\.pid eth1 10\\.10\\.10\\.100 auto not_used not_used");
    }

    @Test
    void sendsNothingAndWarnsOnceWhenNoSenderIsInstalled() throws Exception {
        ArpAnnouncer announcer = announcer(ArpSettings.DEFAULTS, List.of(dir.resolve("arping")),
                List.of(dir.resolve("send_arp")));

        ArpAnnouncement first = announcer.announce(VIP).join();
        ArpAnnouncement second = announcer.announce(VIP).join();

        assertThat(first.sender()).isEqualTo(ArpSender.NONE);
        assertThat(first.sent()).isFalse();
        assertThat(second.sent()).isFalse();
        assertThat(first.detail()).contains("stale ARP entry").contains("install iputils-arping");
        assertThat(logged.list).filteredOn(event -> event.getLevel() == Level.WARN).hasSize(1).first()
                .extracting(ILoggingEvent::getFormattedMessage).asString().startsWith("heartbeat[test] no gratuitous");
    }

    @Test
    void reportsASenderThatFails() throws Exception {
        Path sendArp = program("send_arp", "echo 'ERROR: Cannot find mac address for eth1' >&2; exit 1");
        ArpAnnouncer announcer = announcer(ArpSettings.DEFAULTS, List.of(), List.of(sendArp));

        ArpAnnouncement announcement = announcer.announce(VIP).join();

        assertThat(announcement.sent()).isFalse();
        assertThat(announcement.detail()).contains("exited 1").contains("Cannot find mac address");
        assertThat(logged.list).anyMatch(event -> event.getLevel() == Level.WARN
                && event.getFormattedMessage().contains("Cannot find mac address"));
    }

    @Test
    void returnsBeforeTheArpsAreSent() throws Exception {
        Path sendArp = program("send_arp", "");
        List<Runnable> queued = new ArrayList<>();
        ArpAnnouncer announcer = new ArpAnnouncer("heartbeat[test]", CommandRunner.onHost(), queued::add,
                ArpSettings.DEFAULTS, List.of(), List.of(sendArp));

        CompletableFuture<ArpAnnouncement> announcement = announcer.announce(VIP);

        assertThat(announcement).isNotDone();
        assertThat(calls).doesNotExist();
        queued.forEach(Runnable::run);
        assertThat(announcement.join().sent()).isTrue();
    }

    @Test
    void stopAnnouncingKillsARunningSender() throws Exception {
        Path pid = dir.resolve("sender.pid");
        Path sendArp = program("send_arp", "echo $$ > " + pid + "; sleep 60");
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        try {
            ArpAnnouncer announcer = new ArpAnnouncer("heartbeat[test]", CommandRunner.onHost(), executor,
                    ArpSettings.DEFAULTS, List.of(), List.of(sendArp));
            CompletableFuture<ArpAnnouncement> announcement = announcer.announce(VIP);
            TestProcesses.awaitFile(pid);

            assertThat(announcer.stopAnnouncing(VIP.address(), Duration.ofSeconds(20))).isTrue();

            assertThat(announcement).isDone();
            assertThat(announcement.join().sent()).isFalse();
            assertThat(announcement.join().detail()).startsWith("stopped announcing 10.10.10.100/24 on eth1");
            TestProcesses.awaitGone(Long.parseLong(Files.readString(pid).strip()));
            assertThat(calls).doesNotExist();
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void anAnnouncementStoppedBeforeItBeganSendsNothing() throws Exception {
        Path sendArp = program("send_arp", "");
        List<Runnable> queued = new ArrayList<>();
        ArpAnnouncer announcer = new ArpAnnouncer("heartbeat[test]", CommandRunner.onHost(), queued::add,
                ArpSettings.DEFAULTS, List.of(), List.of(sendArp));
        CompletableFuture<ArpAnnouncement> announcement = announcer.announce(VIP);

        assertThat(announcer.stopAnnouncing(VIP.address(), Duration.ZERO)).as("still queued, so not ended").isFalse();
        queued.forEach(Runnable::run);

        assertThat(announcement.join().sent()).isFalse();
        assertThat(calls).doesNotExist();
        assertThat(announcer.stopAnnouncing(VIP.address(), Duration.ZERO)).as("nothing left to stop").isTrue();
    }

    private ArpAnnouncer announcer(ArpSettings settings, List<Path> arping, List<Path> sendArp) {
        return new ArpAnnouncer("heartbeat[test]", CommandRunner.onHost(), Runnable::run, settings, arping, sendArp);
    }

    /** A fake sender: {@code body} first, then it logs "name args..." to the calls file. */
    private Path program(String name, String body) throws IOException {
        Path program = dir.resolve(name);
        Files.writeString(program, "#!/bin/sh\n" + body + "\necho \"" + name + " $*\" >> " + calls + "\n");
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
        return program;
    }
}
