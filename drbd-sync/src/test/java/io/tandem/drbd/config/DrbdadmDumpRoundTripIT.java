package io.tandem.drbd.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The seed's configuration, read as published, written in each dialect, and handed to the real drbdadm of that
 * dialect ({@code -c FILE dump all}, no kernel module needed): it must exit 0, and its normalised dump must read back
 * into the same hosts, addresses, disks, minors, protocol and options, each option where that dialect keeps it.
 *
 * <p>{@code __DRBD_NODE__} pretends to be the first host: drbdadm-83 exits 1 when no resource is defined for this
 * host. {@code disable-ip-verification} is added because the seed's addresses are not on this machine.
 */
class DrbdadmDumpRoundTripIT {

    private static final Path DRBDADM_9 = Path.of("/usr/sbin/drbdadm");
    private static final Path DRBDADM_84 = Path.of("/lib/drbd/drbdadm-84");
    private static final Path DRBDADM_83 = Path.of("/lib/drbd/drbdadm-83");

    /** Where each dialect keeps the seed's resync rate and fencing policy (drbd-notes §2.1). */
    private static final Map<Dialect, List<String>> SEED_PLACEMENTS = Map.of(
            Dialect.V83, List.of("syncer", "rate", "disk", "fencing"),
            Dialect.V84, List.of("disk", "resync-rate", "disk", "fencing"),
            Dialect.V9, List.of("disk", "resync-rate", "net", "fencing"));

    @TempDir
    Path directory;

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void drbdadmAcceptsTheSeedWrittenInEachDialectAndDumpsTheSameModel(Dialect dialect) throws Exception {
        Path drbdadm = switch (dialect) {
            case V83 -> DRBDADM_83;
            case V84 -> DRBDADM_84;
            case V9 -> DRBDADM_9;
        };
        assumeTrue(Files.isExecutable(drbdadm), drbdadm + " is not installed (drbd-utils); the dump round trip needs it");

        DrbdConfig seed = DrbdConfigParser.parse(SeedConfigTest.seedDrbdConf()).config();
        List<Option> global = new ArrayList<>(seed.global());
        global.add(Option.flag("disable-ip-verification"));
        DrbdConfig written = new DrbdConfig(global, seed.common(), seed.resources());
        Path file = directory.resolve("seed-" + dialect + ".conf");
        Files.writeString(file, DrbdConfigEmitter.emit(written, dialect));

        DrbdadmRun dump = run(drbdadm, dialect, file);

        assertThat(dump.exitCode()).as("drbdadm dump of\n%s\nstderr:\n%s", Files.readString(file), dump.stderr()).isZero();
        DrbdConfig dumped = DrbdConfigParser.parse(directory.resolve("dump"), dump.stdout(),
                ConfigChecks.forHosts(Set.of("wshuttle-test1", "wshuttle-test2")).withDialect(dialect)).config();
        Resource original = seed.resource("img_server").orElseThrow();
        Resource back = dumped.resource("img_server").orElseThrow();
        assertThat(back.hosts()).extracting(Host::name).containsExactly("wshuttle-test1", "wshuttle-test2");
        for (Host host : original.hosts()) {
            Host dumpedHost = back.host(host.name()).orElseThrow();
            assertThat(dumpedHost.address()).isEqualTo(host.address());
            assertThat(back.volumesOn(dumpedHost)).isEqualTo(original.volumesOn(host))
                    .containsExactly(Volume.of(0, Device.minor(0), "/dev/sdb5", MetaDisk.INTERNAL));
        }
        assertThat(back.protocol().or(() -> dumped.common().protocol())).contains("C");
        CommonSection common = dumped.common();
        List<String> placements = SEED_PLACEMENTS.get(dialect);
        assertThat(common.section(placements.get(0)).orElseThrow().value(placements.get(1))).contains("100M");
        assertThat(common.section(placements.get(2)).orElseThrow().value("fencing")).contains("resource-only");
        assertThat(common.section("disk").orElseThrow().value("on-io-error")).contains("detach");
        assertThat(common.section("net").orElseThrow().value("cram-hmac-alg")).contains("sha1");
        assertThat(common.section("net").orElseThrow().value("shared-secret")).contains("123456");
        assertThat(common.section("startup").orElseThrow().options()).containsExactlyElementsOf(
                seed.common().section("startup").orElseThrow().options());
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void drbdadmAcceptsTandemsOwnSpecWrittenInEachDialect(Dialect dialect) throws Exception {
        Path drbdadm = switch (dialect) {
            case V83 -> DRBDADM_83;
            case V84 -> DRBDADM_84;
            case V9 -> DRBDADM_9;
        };
        assumeTrue(Files.isExecutable(drbdadm), drbdadm + " is not installed (drbd-utils); the dump round trip needs it");
        DrbdConfig spec = ResourceSpecEmitterTest.seedSpec().toConfig();
        DrbdConfig written = new DrbdConfig(List.of(Option.flag("disable-ip-verification")), spec.common(), spec.resources());
        Path file = directory.resolve("spec-" + dialect + ".conf");
        Files.writeString(file, DrbdConfigEmitter.emit(written, dialect));

        DrbdadmRun dump = run(drbdadm, dialect, file);

        assertThat(dump.exitCode()).as("drbdadm dump of\n%s\nstderr:\n%s", Files.readString(file), dump.stderr()).isZero();
        Resource back = DrbdConfigParser.parse(directory.resolve("dump"), dump.stdout(), ConfigChecks.grammarOnly())
                .config().resource("img_server").orElseThrow();
        Resource original = spec.resources().getFirst();
        assertThat(back.protocol()).contains("C");
        for (Host host : original.hosts()) {
            Host dumpedHost = back.host(host.name()).orElseThrow();
            assertThat(dumpedHost.address()).isEqualTo(host.address());
            assertThat(back.volumesOn(dumpedHost)).isEqualTo(original.volumesOn(host));
        }
        String netSection = "net";
        assertThat(back.section(netSection).orElseThrow().value("after-sb-0pri")).contains("discard-zero-changes");
        assertThat(back.section(netSection).orElseThrow().value("after-sb-1pri")).contains("discard-secondary");
        assertThat(back.section(dialect == Dialect.V9 ? "net" : "disk").orElseThrow().value("fencing"))
                .contains("resource-only");
        assertThat(dialect == Dialect.V83
                        ? back.section("syncer").orElseThrow().value("rate")
                        : back.section("disk").orElseThrow().value("resync-rate"))
                .contains("100M");
    }

    private record DrbdadmRun(int exitCode, String stdout, String stderr) {}

    private DrbdadmRun run(Path drbdadm, Dialect dialect, Path file) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(drbdadm.toString(), "-c", file.toString(), "dump", "all");
        builder.environment().put("DRBD_DRIVER_VERSION_OVERRIDE", dialect.moduleVersion());
        builder.environment().put("__DRBD_NODE__", "wshuttle-test1");
        Path stdout = directory.resolve("stdout-" + dialect);
        Path stderr = directory.resolve("stderr-" + dialect);
        Process process = builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(drbdadm + " dump did not finish within 30 s");
        }
        return new DrbdadmRun(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }
}
