package io.tandem.replicator.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretTest {

    @Test
    void printsMaskedAloneAndInsideRecords() {
        Secret secret = Secret.of("123456");
        assertThat(secret).hasToString("********");
        assertThat(secret.reveal()).isEqualTo("123456");
        ServerConfig server = new ServerConfig("db1", "10.10.10.20", 3306, "felix", secret, ExpectedSettings.NONE);
        assertThat(server.toString()).contains("password=********").doesNotContain("123456");
        assertThat(Secret.of("")).isSameAs(Secret.EMPTY);
        assertThat(Secret.of("a")).isEqualTo(Secret.of("a")).isNotEqualTo(Secret.of("b"));
    }
}
