package io.stele.exchange.venue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.random.SeededRng;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class SignedRequestTest {
  static final int CHAIN = 'V';
  final KeyPair key = KeyPair.generate(new SeededRng(1));

  static String request(long time, long nonce) {
    return "{\"type\":\"cancel\",\"chain\":\"V\",\"time\":"
        + time
        + ",\"nonce\":"
        + nonce
        + ",\"order\":5}";
  }

  @Property(tries = 50)
  void whatIsSignedVerifiesWithItsFields(
      @ForAll @LongRange(min = 0) long time, @ForAll @LongRange(min = 0) long nonce) {
    SignedRequest verified =
        SignedRequest.verify(SignedRequest.sign(key, request(time, nonce)), CHAIN);
    assertThat(verified.time()).isEqualTo(time);
    assertThat(verified.nonce()).isEqualTo(nonce);
    assertThat(verified.type()).isEqualTo("cancel");
    assertThat(verified.key()).isEqualTo(key.publicKey());
    assertThat(verified.fields().get("order").asLong()).isEqualTo(5);
  }

  @Test
  void aChangedRequestDoesNotVerify() {
    ObjectNode envelope = SignedRequest.sign(key, request(1, 1));
    envelope.put("request", request(1, 1).replace("\"order\":5", "\"order\":6"));
    assertThatThrownBy(() -> SignedRequest.verify(envelope, CHAIN))
        .hasFieldOrPropertyWithValue("code", "exchange.bad_signature");
  }

  @Test
  void aRequestForAnotherChainIsRefused() {
    assertThatThrownBy(() -> SignedRequest.verify(SignedRequest.sign(key, request(1, 1)), 'W'))
        .hasFieldOrPropertyWithValue("code", "exchange.wrong_chain");
  }

  @Test
  void unknownEnvelopeFieldsAndMissingFieldsAreRefused() {
    ObjectNode extra = SignedRequest.sign(key, request(1, 1)).put("account", 3);
    assertThatThrownBy(() -> SignedRequest.verify(extra, CHAIN))
        .hasFieldOrPropertyWithValue("code", "exchange.malformed");
    ObjectNode noNonce =
        SignedRequest.sign(key, "{\"type\":\"orders\",\"chain\":\"V\",\"time\":1}");
    assertThatThrownBy(() -> SignedRequest.verify(noNonce, CHAIN)).hasMessageContaining("nonce");
  }

  @Test
  void aReplayedOrStaleRequestIsRefused() {
    ManualClock clock = new ManualClock(100_000);
    ReplayGuard guard = new ReplayGuard(clock, 1_000);
    SignedRequest first = SignedRequest.verify(SignedRequest.sign(key, request(100_500, 1)), CHAIN);
    guard.check(first);
    assertThatThrownBy(() -> guard.check(first))
        .hasFieldOrPropertyWithValue("code", "exchange.replay");
    SignedRequest other = SignedRequest.verify(SignedRequest.sign(key, request(100_500, 2)), CHAIN);
    guard.check(other);
    clock.advance(10_000);
    assertThatThrownBy(() -> guard.check(first))
        .hasFieldOrPropertyWithValue("code", "exchange.expired");
    SignedRequest beforeStart =
        SignedRequest.verify(SignedRequest.sign(key, request(99_999, 3)), CHAIN);
    assertThatThrownBy(() -> new ReplayGuard(new ManualClock(100_000), 1_000).check(beforeStart))
        .hasFieldOrPropertyWithValue("code", "exchange.replay");
  }
}
