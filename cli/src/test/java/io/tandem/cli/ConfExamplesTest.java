package io.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.drbd.config.DrbdConfigParser;
import io.tandem.drbd.config.ParsedDrbdConfig;
import io.tandem.heartbeat.config.HeartbeatConfig;
import io.tandem.heartbeat.config.HeartbeatFiles;
import io.tandem.heartbeat.config.ResourceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example configuration in conf/ reads as the daemons read it, without a problem or a warning. */
class ConfExamplesTest {

    private static final Path CONF = Path.of("..", "conf");

    @TempDir
    Path directory;

    @Test
    void theHeartbeatFilesHoldTheSeedsGroupWithDrbdAndItsFilesystem() throws Exception {
        Path haDir = Files.createDirectories(directory.resolve("ha.d"));
        try (Stream<Path> files = Files.list(CONF.resolve("ha.d"))) {
            for (Path file : files.toList()) {
                Files.copy(file, haDir.resolve(file.getFileName()));
            }
        }
        // git keeps no file modes but the executable bit; heartbeat refuses authkeys unless 600
        Files.setPosixFilePermissions(haDir.resolve("authkeys"), PosixFilePermissions.fromString("rw-------"));

        HeartbeatConfig config = HeartbeatFiles.load(haDir, "wshuttle-test1");

        assertThat(config.warnings()).isEmpty();
        assertThat(config.resourceGroups()).singleElement().satisfies(group -> assertThat(group.resources())
                .extracting(ResourceSpec::canonical).containsExactly("IPaddr::192.168.8.100/24/eth0",
                        "drbddisk::img_server", "Filesystem::/dev/drbd0::/felix::ext3", "mysql"));
        assertThat(config.tandem().pingQuorum()).isTrue();
    }

    @Test
    void theDrbdFilesReadAsTheSeedsResource() throws Exception {
        ParsedDrbdConfig parsed = DrbdConfigParser.parse(CONF.resolve("drbd.conf"));

        assertThat(parsed.warnings()).isEmpty();
        assertThat(parsed.config().resources()).singleElement().satisfies(resource ->
                assertThat(resource.name()).isEqualTo("img_server"));
    }
}
