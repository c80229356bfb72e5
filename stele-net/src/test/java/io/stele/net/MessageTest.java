package io.stele.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.bytes.Bytes;
import io.stele.core.error.SteleException;
import java.security.MessageDigest;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class MessageTest {

  @Property
  void payloadRoundTrips(
      @ForAll @IntRange(max = 255) int type, @ForAll @Size(max = 300) byte[] body) {
    Message message = Message.of(type, body);
    byte[] payload = message.payload();

    assertThat(payload).hasSize(body.length + 1);
    assertThat(payload[0]).isEqualTo((byte) type);
    assertThat(Message.fromPayload(payload, 0, payload.length)).isEqualTo(message);
    assertThat(message.size()).isEqualTo(payload.length);
  }

  @Property
  void idIsTheSha256OfTheTypeTagAndBody(
      @ForAll @IntRange(max = 255) int type, @ForAll @Size(max = 300) byte[] body)
      throws Exception {
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    sha256.update((byte) type);
    sha256.update(body);

    assertThat(Message.of(type, body).id()).isEqualTo(Bytes.wrap(sha256.digest()));
  }

  @Test
  void messagesAreValues() {
    Message message = Message.of(1, new byte[] {1, 2});
    assertThat(message).isEqualTo(Message.of(1, new byte[] {1, 2}));
    assertThat(message).hasSameHashCodeAs(Message.of(1, new byte[] {1, 2}));
    assertThat(message).isNotEqualTo(Message.of(2, new byte[] {1, 2}));
    assertThat(message).isNotEqualTo(Message.of(1, new byte[] {1, 3}));
  }

  @Test
  void bodyIsCopiedFromTheCallersArray() {
    byte[] body = {5};
    Message message = Message.of(1, body);
    body[0] = 6;
    assertThat(message.body().get(0)).isEqualTo((byte) 5);
  }

  @Test
  void sameBodyWithAnotherTypeHasAnotherId() {
    byte[] body = {1, 2, 3};
    assertThat(Message.of(1, body).id()).isNotEqualTo(Message.of(2, body).id());
  }

  @Test
  void typeMustFitInOneByte() {
    assertThatThrownBy(() -> Message.of(256, new byte[0]))
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("net.message_type");
    assertThatThrownBy(() -> Message.of(-1, new byte[0])).isInstanceOf(SteleException.class);
  }

  @Test
  void payloadWithoutTypeTagIsRefused() {
    assertThatThrownBy(() -> Message.fromPayload(new byte[3], 1, 0))
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("net.message_empty");
  }
}
