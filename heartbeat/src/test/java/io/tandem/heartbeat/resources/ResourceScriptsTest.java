package io.tandem.heartbeat.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.heartbeat.config.ConfigProblem;
import io.tandem.heartbeat.config.ResourceGroup;
import io.tandem.heartbeat.config.ResourceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceScriptsTest {

    @TempDir
    Path root;

    @Test
    void looksInResourceDBeforeInitD() {
        TestScripts test = new TestScripts(root);
        Path heartbeats = test.resource("mysql");
        test.initScript("mysql");

        assertThat(test.scripts().find("mysql")).hasValue(heartbeats);
    }

    @Test
    void fallsBackToInitD() {
        TestScripts test = new TestScripts(root);
        Path lsb = test.initScript("nginx");

        assertThat(test.scripts().find("nginx")).hasValue(lsb);
    }

    @Test
    void passesOverAScriptThatIsNotExecutable() throws Exception {
        TestScripts test = new TestScripts(root);
        Path plain = test.resource("drbddisk");
        Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-r--r--"));
        Path lsb = test.initScript("drbddisk");

        assertThat(test.scripts().find("drbddisk")).hasValue(lsb);
        Files.delete(lsb);
        assertThat(test.scripts().find("drbddisk")).isEmpty();
        assertThat(test.scripts().check(List.of(TestScripts.group("drbddisk"))))
                .extracting(ConfigProblem::message).singleElement().asString()
                .contains("is not executable").contains("chmod +x " + plain);
    }

    @Test
    void reportsEachMissingScriptOnceNamingTheGroupsThatUseIt() {
        TestScripts test = new TestScripts(root);
        test.resource("drbddisk");
        ResourceGroup first = TestScripts.group("drbddisk", "mysqld");
        ResourceGroup second = new ResourceGroup("node2", List.of(new ResourceSpec("apache2", List.of(), "apache2"),
                new ResourceSpec("mysqld", List.of(), "mysqld")));

        List<ConfigProblem> problems = test.scripts().check(List.of(first, second));

        assertThat(problems).hasSize(2);
        assertThat(problems.get(0).file()).isEqualTo("haresources");
        assertThat(problems.get(0).directive()).isEqualTo("node1");
        assertThat(problems.get(0).message()).startsWith("resource mysqld (groups drbddisk, apache2): no script "
                + test.haDir.resolve("resource.d/mysqld") + " nor " + test.initDir.resolve("mysqld"));
        assertThat(problems.get(1).message()).startsWith("resource apache2 (group apache2): no script");
    }

    @Test
    void needsNoScriptForIpaddrAndIpaddr2Addresses() {
        TestScripts test = new TestScripts(root);
        ResourceGroup group = new ResourceGroup("node1", List.of(
                new ResourceSpec("IPaddr", List.of("10.10.10.100/24/eth1"), "10.10.10.100/24/eth1"),
                new ResourceSpec("IPaddr2", List.of("10.10.10.101"), "IPaddr2::10.10.10.101")));

        assertThat(test.scripts().check(List.of(group))).isEmpty();
        assertThat(ResourceScripts.isBuiltIn(group.resources().get(1))).isTrue();
    }

    @Test
    void searchesHeartbeatsDirectoriesByDefault() {
        assertThat(ResourceScripts.standard().searchPath("IPsrcaddr"))
                .containsExactly(Path.of("/etc/ha.d/resource.d/IPsrcaddr"), Path.of("/etc/init.d/IPsrcaddr"));
    }

    @Test
    void refusesNamesThatAreNotFileNames() {
        ResourceScripts scripts = ResourceScripts.standard();

        assertThatThrownBy(() -> scripts.find("../../bin/sh")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> scripts.find("..")).isInstanceOf(IllegalArgumentException.class);
    }
}
