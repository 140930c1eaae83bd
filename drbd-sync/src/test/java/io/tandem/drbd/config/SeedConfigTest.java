package io.tandem.drbd.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The seed how-to's three files, byte for byte as published: typographic quotes, trailing blanks, comments in
 * Chinese, {@code resource img_server{} with no blank before the brace, and the 8.3 dialect.
 */
class SeedConfigTest {

    static Path seedDrbdConf() {
        try {
            return Path.of(SeedConfigTest.class.getResource("/config/seed/drbd.conf").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsTheSeedAsWrittenThroughItsIncludes() throws Exception {
        ParsedDrbdConfig parsed = DrbdConfigParser.parse(
                seedDrbdConf(), ConfigChecks.forHosts(Set.of("wshuttle-test1", "wshuttle-test2")));
        DrbdConfig config = parsed.config();

        assertThat(config.global()).containsExactly(new Option("usage-count", "no"));
        assertThat(config.common().protocol()).contains("C");
        assertThat(config.common().section("startup").orElseThrow().options()).containsExactly(
                new Option("wfc-timeout", "15"),
                new Option("degr-wfc-timeout", "15"),
                new Option("outdated-wfc-timeout", "15"));
        assertThat(config.common().section("disk").orElseThrow().options())
                .containsExactly(new Option("on-io-error", "detach"), new Option("fencing", "resource-only"));
        assertThat(config.common().section("net").orElseThrow().value("shared-secret")).contains("123456");
        assertThat(config.common().section("syncer").orElseThrow().value("rate")).contains("100M");

        Resource imgServer = config.resource("img_server").orElseThrow();
        assertThat(imgServer.protocol()).isEmpty();
        assertThat(imgServer.volumes()).containsExactly(new Volume(
                0, Optional.of(Device.minor(0)), Optional.empty(), Optional.of(MetaDisk.INTERNAL)));
        assertThat(imgServer.hosts()).extracting(Host::name).containsExactly("wshuttle-test1", "wshuttle-test2");
        Host first = imgServer.host("wshuttle-test1").orElseThrow();
        assertThat(first.address()).contains(Address.ipv4("192.168.8.20", 7789));
        assertThat(first.nodeId()).isEqualTo(OptionalInt.empty());
        assertThat(imgServer.volumesOn(first)).containsExactly(Volume.of(0, Device.minor(0), "/dev/sdb5", MetaDisk.INTERNAL));
        assertThat(imgServer.host("wshuttle-test2").orElseThrow().address())
                .contains(Address.ipv4("192.168.8.21", 7789));
    }

    @Test
    void warnsAtEachTypographicQuoteBecauseDrbdadmRefusesThem() throws Exception {
        List<ConfigProblem> warnings = DrbdConfigParser.parse(seedDrbdConf()).warnings();

        assertThat(warnings).extracting(w -> w.file().getFileName().toString() + ":" + w.line()).containsExactly(
                "drbd.conf:1", "drbd.conf:2", "global_common.conf:17");
        assertThat(warnings).allSatisfy(w -> assertThat(w.message()).contains("typographic quote"));
    }
}
