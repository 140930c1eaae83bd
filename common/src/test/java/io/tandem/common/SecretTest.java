package io.tandem.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretTest {

    /** A configuration record as the modules write them, holding a secret. */
    private record Server(String name, Secret password) {}

    @Test
    void printsMaskedAloneAndInsideRecords() {
        Secret secret = Secret.of("123456");
        assertThat(secret).hasToString("********");
        assertThat(secret.reveal()).isEqualTo("123456");
        assertThat(new Server("db1", secret).toString()).contains("password=********").doesNotContain("123456");
        assertThat(Secret.of("")).isSameAs(Secret.EMPTY);
        assertThat(Secret.of("a")).isEqualTo(Secret.of("a")).isNotEqualTo(Secret.of("b"));
    }
}
