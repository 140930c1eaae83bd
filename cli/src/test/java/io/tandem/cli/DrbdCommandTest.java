package io.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tandem drbd plan} and {@code tandem drbd status}, as a user runs them. */
class DrbdCommandTest {

    @TempDir
    Path directory;

    @Test
    void planSpellsTheFirstSyncForEachDialect() {
        Tandem.Run v83 = Tandem.run("drbd", "plan", "first-sync", "img_server", "--dialect", "8.3");
        assertThat(v83.exitCode()).isZero();
        assertThat(v83.out()).contains("drbdadm -- --overwrite-data-of-peer primary img_server")
                .contains("nothing was executed");
        Tandem.Run v84 = Tandem.run("drbd", "plan", "first-sync", "img_server", "--dialect", "8.4", "--json");
        assertThat(v84.out()).contains("\"argv\" : [ \"drbdadm\", \"primary\", \"--force\", \"img_server\" ]");
        assertThat(Tandem.run("drbd", "plan", "switchover", "img_server", "--dialect", "9").exitCode())
                .isEqualTo(TandemCommand.EXIT_USAGE);
        assertThat(Tandem.run("drbd", "plan", "first-sync", "img_server", "--dialect", "7").err())
                .contains("must be 8.3, 8.4 or 9");
    }

    @Test
    void statusReadsASavedProcDrbdAndRefusesAnUnknownFormat() throws Exception {
        Path saved = directory.resolve("proc-drbd");
        Files.writeString(saved, """
                version: 8.4.11-1 (api:1/proto:86-101)
                srcversion: 1C8B2D6A4E0F3B5D7C9E1A2
                 0: cs:SyncTarget ro:Secondary/Primary ds:Inconsistent/UpToDate C r-----
                    ns:0 nr:20578304 dw:20578304 dr:0 al:0 bm:0 lo:0 pe:4 ua:0 ap:0 ep:1 wo:f oos:32329728
                \t[=======>............] sync'ed: 38.6% (31572/51200)M
                \tfinish: 0:05:14 speed: 100,224 (98,304) want: 102,400 K/sec
                 1: cs:Unconfigured
                """);
        Tandem.Run run = Tandem.run("drbd", "status", "--from", saved.toString(), "--json");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("\"role\" : \"Secondary\"").contains("\"disk\" : \"Inconsistent\"")
                .contains("\"replication\" : \"SyncTarget\"").contains("\"percent_done\" : 38.6");

        Path garbage = directory.resolve("garbage");
        Files.writeString(garbage, "this is not drbd\n");
        Tandem.Run refused = Tandem.run("drbd", "status", "--from", garbage.toString());
        assertThat(refused.exitCode()).isEqualTo(TandemCommand.EXIT_FAILED);
        assertThat(refused.err()).contains("line 1").contains("this is not drbd");
    }

    @Test
    void statusWithoutAKernelModuleSaysSo() {
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.exists(Path.of("/proc/drbd")),
                "this machine has a DRBD kernel module");
        Tandem.Run run = Tandem.run("drbd", "status");
        assertThat(run.exitCode()).isEqualTo(TandemCommand.EXIT_UNREACHABLE);
        assertThat(run.err()).contains("no DRBD kernel module");
    }
}
