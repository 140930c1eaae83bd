package io.tandem.heartbeat.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessageTest {

    @Test
    void looksUpTheFirstOfRepeatedFieldsAsHeartbeatDoes() {
        Message message = Message.builder().text("t", "status").text("info", "first").text("info", "second").build();

        assertThat(message.info()).hasValue("first");
        assertThat(message.fields()).extracting(Field::name).containsExactly("t", "info", "info");
    }

    @Test
    void readsTheCommonFieldsInTheirWireEncodings() {
        UUID uuid = UUID.fromString("bcae148f-06e2-43b5-a6b3-bfc9f2d5fa15");
        Message message = Message.builder()
                .text("t", "status").text("st", "active").text("dt", "1388").text("protocol", "1")
                .text("src", "wshuttle-test1").uuid("srcuuid", uuid).text("dest", "wshuttle-test2")
                .text("seq", "2a").text("hg", "6b0488e4").text("ts", "6b048940").text("ld", "0.00 0.01 0.05 1/1 2")
                .text("ttl", "3").text("rsc_hold", "local").text("rtype", "full").text("isstable", "1")
                .text("info", "req_our_resources()").text("ackseq", "11").text("auth", "1 abc")
                .build();

        assertThat(message.type()).hasValue("status");
        assertThat(message.status()).hasValue("active");
        assertThat(message.deadtime()).hasValue(Duration.ofMillis(5000));
        assertThat(message.protocol()).hasValue(1);
        assertThat(message.src()).hasValue("wshuttle-test1");
        assertThat(message.srcUuid()).hasValue(uuid);
        assertThat(message.dest()).hasValue("wshuttle-test2");
        assertThat(message.destUuid()).isEmpty();
        assertThat(message.seq()).hasValue(42);
        assertThat(message.generation()).hasValue(0x6b0488e4L);
        assertThat(message.timestamp()).hasValue(Instant.ofEpochSecond(0x6b048940L));
        assertThat(message.load()).hasValue("0.00 0.01 0.05 1/1 2");
        assertThat(message.ttl()).hasValue(3);
        assertThat(message.resourceHolding()).hasValue("local");
        assertThat(message.resourceReportType()).hasValue("full");
        assertThat(message.isStable()).hasValue(true);
        assertThat(message.info()).hasValue("req_our_resources()");
        assertThat(message.ackSeq()).hasValue(0x11);
        assertThat(message.auth()).hasValue(new AuthToken(1, "abc"));
    }

    @Test
    void answersEmptyForFieldsThatDoNotParseWithoutThrowing() {
        Message message = Message.builder()
                .text("seq", "zz").text("hg", "8000000000000000").text("ttl", "-3").text("isstable", "yes")
                .text("dt", "ffffffffffffffff").binary("srcuuid", new byte[] {1, 2, 3}).text("destuuid", "text")
                .text("auth", "1").text("ts", "7fffffffffffffff").text("ld", "x").build();

        assertThat(message.seq()).isEmpty();
        assertThat(message.generation()).isEmpty();
        assertThat(message.ttl()).isEmpty();
        assertThat(message.isStable()).isEmpty();
        assertThat(message.deadtime()).isEmpty();
        assertThat(message.srcUuid()).isEmpty();
        assertThat(message.destUuid()).isEmpty();
        assertThat(message.auth()).isEmpty();
        assertThat(message.timestamp()).isEmpty();
        assertThat(message.text("seq")).hasValue("zz");
    }

    @Test
    void replacesAnExistingFieldInPlaceOrAppends() {
        Message message = Message.builder().text("t", "status").text("auth", "1 0").text("src", "node1").build();

        assertThat(message.withTextReplacedOrAppended("auth", "1 ab").fields()).extracting(Field::toString)
                .containsExactly("t=status", "auth=1 ab", "src=node1");
        assertThat(message.without("auth").withTextReplacedOrAppended("auth", "1 ab").fields()).extracting(Field::toString)
                .containsExactly("t=status", "src=node1", "auth=1 ab");
    }

    @Test
    void refusesToBuildWhatHeartbeatCouldNotRead() {
        assertThatThrownBy(() -> Message.builder().text("info", "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> Message.builder().binary("srcuuid", new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Message.builder().text("na=me", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Message.builder().text("", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Message.builder().text("two words", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Message.builder().text("t", "\u20ac")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Message.builder().list("l", List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Message.builder().list("l", List.of("a", ""))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsBinaryValuesImmutableAndComparesThemByContent() {
        byte[] bytes = {1, 2, 3};
        FieldValue.Binary binary = new FieldValue.Binary(bytes);
        bytes[0] = 9;
        binary.bytes()[1] = 9;

        assertThat(binary).isEqualTo(new FieldValue.Binary(new byte[] {1, 2, 3}));
        assertThat(binary.toString()).isEqualTo("<010203>");
    }
}
