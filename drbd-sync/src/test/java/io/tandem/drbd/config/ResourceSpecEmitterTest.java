package io.tandem.drbd.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.SequencedMap;
import org.junit.jupiter.api.Test;

/** tandem's spec written in each dialect, read back by our own parser under that dialect's rules. */
class ResourceSpecEmitterTest {

    static ResourceSpec seedSpec() {
        SequencedMap<String, String> net = new LinkedHashMap<>();
        net.put("after-sb-0pri", "discard-zero-changes");
        net.put("after-sb-1pri", "discard-secondary");
        net.put("after-sb-2pri", "disconnect");
        return new ResourceSpec("img_server", "C",
                new ResourceSpec.HostSpec("wshuttle-test1", "192.168.8.20", 7789, "/dev/sdb5", 0, MetaDisk.INTERNAL),
                new ResourceSpec.HostSpec("wshuttle-test2", "192.168.8.21", 7789, "/dev/sdb5", 0, MetaDisk.INTERNAL),
                net, new LinkedHashMap<>(), Optional.of("resource-only"), Optional.of("100M"));
    }

    private static Resource writtenAndReadBack(Dialect dialect) throws Exception {
        String text = DrbdConfigEmitter.emit(seedSpec().toConfig(), dialect);
        return DrbdConfigParser.parse(Path.of("img_server.res"), text, ConfigChecks.grammarOnly().withDialect(dialect))
                .config().resource("img_server").orElseThrow();
    }

    @Test
    void writes83WithProtocolAtResourceLevelAndRateInSyncer() throws Exception {
        String text = DrbdConfigEmitter.emit(seedSpec().toConfig(), Dialect.V83);
        Resource back = writtenAndReadBack(Dialect.V83);

        assertThat(text).contains("    protocol C;\n").doesNotContain("node-id").doesNotContain("volume");
        assertThat(back.section("syncer").orElseThrow().options()).containsExactly(new Option("rate", "100M"));
        assertThat(back.section("disk").orElseThrow().value("fencing")).contains("resource-only");
        assertThat(back.protocol()).contains("C");
    }

    @Test
    void writes84WithProtocolInNetAndResyncRateInDisk() throws Exception {
        Resource back = writtenAndReadBack(Dialect.V84);

        assertThat(back.section("net").orElseThrow().options()).extracting(Option::name)
                .containsExactly("after-sb-0pri", "after-sb-1pri", "after-sb-2pri");
        assertThat(back.section("disk").orElseThrow().options())
                .containsExactly(new Option("fencing", "resource-only"), new Option("resync-rate", "100M"));
        assertThat(back.protocol()).contains("C");
        assertThat(back.volumes()).containsExactly(Volume.of(0, Device.minor(0), "/dev/sdb5", MetaDisk.INTERNAL));
    }

    @Test
    void writes9WithFencingInNetNodeIdsAndAVolume() throws Exception {
        String text = DrbdConfigEmitter.emit(seedSpec().toConfig(), Dialect.V9);
        Resource back = writtenAndReadBack(Dialect.V9);

        assertThat(text).contains("volume 0 {", "device minor 0;");
        assertThat(back.section("net").orElseThrow().value("fencing")).contains("resource-only");
        assertThat(back.section("disk").orElseThrow().options()).containsExactly(new Option("resync-rate", "100M"));
        assertThat(back.hosts()).extracting(host -> host.nodeId().getAsInt()).containsExactly(0, 1);
        assertThat(back.hosts()).extracting(host -> host.address().orElseThrow())
                .containsExactly(Address.ipv4("192.168.8.20", 7789), Address.ipv4("192.168.8.21", 7789));
    }

    @Test
    void refusesToWriteWhatADialectCannotExpress() {
        DrbdConfig withConnection = new DrbdConfig(List.of(), CommonSection.EMPTY, List.of(new Resource("r0",
                Optional.empty(), List.of(new Section("options", List.of(new Option("auto-promote", "yes")))),
                List.of(), List.of(), List.of(new Section("connection-mesh", List.of(new Option("hosts", List.of("a", "b"))))))));

        assertThatThrownBy(() -> DrbdConfigEmitter.emit(withConnection, Dialect.V84))
                .hasMessageContaining("options { auto-promote yes; }")
                .hasMessageContaining("connection-mesh sections exist only in drbd 9");
        assertThat(DrbdConfigEmitter.emit(withConnection, Dialect.V9)).contains("connection-mesh {\n        hosts a b;");
    }
}
