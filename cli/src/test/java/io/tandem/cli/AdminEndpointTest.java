package io.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminEndpointTest {

    @TempDir
    Path directory;

    private Path config(String replicatorLines) throws Exception {
        Path config = directory.resolve("tandem.cnf");
        Files.writeString(config, "[replicator]\n" + replicatorLines + "\n[server db1]\nhost = 127.0.0.1\nuser = tandem\n"
                + "[server db2]\nhost = 127.0.0.1\nport = 3307\nuser = tandem\n"
                + "[channel c]\nsource = db1\ntarget = db2\n");
        return config;
    }

    @Test
    void defaultsToLoopbackPort8470WithoutAToken() throws Exception {
        AdminEndpoint endpoint = AdminEndpoint.resolve(null, null, null, Map.of());

        assertThat(endpoint.base()).isEqualTo(URI.create("http://127.0.0.1:8470"));
        assertThat(endpoint.token()).isNull();
    }

    @Test
    void urlWinsOverTheConfigurationAndMayOmitTheScheme() throws Exception {
        Path config = config("admin-listen = 127.0.0.1:9000");

        assertThat(AdminEndpoint.resolve("db1.example:8470/", null, config, Map.of()).base())
                .isEqualTo(URI.create("http://db1.example:8470"));
        assertThat(AdminEndpoint.resolve(null, null, config, Map.of()).base())
                .isEqualTo(URI.create("http://127.0.0.1:9000"));
    }

    @Test
    void aWildcardAddressIsReachedThroughLoopback() throws Exception {
        Files.writeString(directory.resolve("admin.token"), "0123456789abcdef0123\n");
        Files.setPosixFilePermissions(directory.resolve("admin.token"), PosixFilePermissions.fromString("rw-------"));
        assertThat(AdminEndpoint.resolve(null, null, config("admin-listen = 0.0.0.0:8471\nadmin-token-file = admin.token"),
                Map.of()).base()).isEqualTo(URI.create("http://127.0.0.1:8471"));
        assertThat(AdminEndpoint.resolve(null, null, config("admin_listen = \"[::]:8472\"\nadmin-token-file = admin.token"),
                Map.of()).base()).isEqualTo(URI.create("http://[::1]:8472"));
        assertThat(AdminEndpoint.resolve(null, null, config("name = x"), Map.of()).base())
                .isEqualTo(URI.create("http://127.0.0.1:8470"));
    }

    @Test
    void anEndpointTurnedOffIsAUsageErrorPointingToOffline() throws Exception {
        Path config = config("admin-listen = off");

        assertThatThrownBy(() -> AdminEndpoint.resolve(null, null, config, Map.of()))
                .isInstanceOfSatisfying(CommandFailure.class, failure -> {
                    assertThat(failure.exitCode()).isEqualTo(2);
                    assertThat(failure.getMessage()).contains("admin-listen = off").contains("--offline");
                });
    }

    @Test
    void tokenFromTokenFileThenEnvironmentThenConfiguration() throws Exception {
        Files.writeString(directory.resolve("given.token"), "  from-option  \nsecond line ignored\n");
        Files.writeString(directory.resolve("configured.token"), "from-config-file\n");
        Files.setPosixFilePermissions(directory.resolve("configured.token"), PosixFilePermissions.fromString("rw-------"));
        Path withToken = config("admin-token = 'from-config' # comment");
        Map<String, String> environment = Map.of(AdminEndpoint.TOKEN_VARIABLE, "from-environment");

        assertThat(AdminEndpoint.resolve(null, directory.resolve("given.token"), withToken, environment).token())
                .isEqualTo("from-option");
        assertThat(AdminEndpoint.resolve(null, null, withToken, environment).token()).isEqualTo("from-environment");
        assertThat(AdminEndpoint.resolve(null, null, withToken, Map.of()).token()).isEqualTo("from-config");
        Path withTokenFile = config("admin-token-file = configured.token");
        AdminEndpoint fromFile = AdminEndpoint.resolve(null, null, withTokenFile, Map.of());
        assertThat(fromFile.token()).isEqualTo("from-config-file");
        assertThat(fromFile.tokenOrigin()).contains("admin-token-file");
    }

    @Test
    void anUnreadableTokenFileIsAUsageError() {
        assertThatThrownBy(() -> AdminEndpoint.resolve(null, directory.resolve("missing"), null, Map.of()))
                .isInstanceOfSatisfying(CommandFailure.class, failure -> assertThat(failure.exitCode()).isEqualTo(2));
    }
}
