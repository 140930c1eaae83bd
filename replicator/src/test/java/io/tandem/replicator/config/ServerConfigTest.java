package io.tandem.replicator.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.common.Secret;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

    @Test
    void printsThePasswordMasked() {
        ServerConfig server = new ServerConfig("db1", "10.10.10.20", 3306, "felix", Secret.of("123456"),
                ExpectedSettings.NONE);
        assertThat(server.toString()).contains("password=********").doesNotContain("123456");
    }
}
