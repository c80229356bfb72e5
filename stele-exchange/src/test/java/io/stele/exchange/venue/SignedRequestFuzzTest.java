package io.stele.exchange.venue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.core.random.SeededRng;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Hostile envelopes never get past verification unless they are a well-formed request that the key
 * really signed: everything else is refused with an {@code exchange.*} code.
 */
class SignedRequestFuzzTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final KeyPair KEY = KeyPair.generate(new SeededRng(9));

  @Provide
  Arbitrary<String> value() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "\"V\"",
            "\"W\"",
            "\"VV\"",
            "\"\"",
            "0",
            "-1",
            "1.5",
            "9223372036854775807",
            "9223372036854775808",
            "1e3",
            "null",
            "true",
            "[]",
            "{}",
            "\"place\"",
            "\"" + KEY.publicKey().bytes().toBase58() + "\"",
            "\"0OIl\""),
        Arbitraries.strings().ofMaxLength(20).map(s -> JSON.valueToTree(s).toString()));
  }

  @Property(tries = 500)
  void anEnvelopeIsAcceptedOnlyWhenSignedAndWellFormed(
      @ForAll("value") String chain,
      @ForAll("value") String time,
      @ForAll("value") String nonce,
      @ForAll("value") String key,
      @ForAll("value") String signature,
      @ForAll boolean signIt)
      throws Exception {
    String request =
        "{\"type\":\"cancel\",\"chain\":"
            + chain
            + ",\"time\":"
            + time
            + ",\"nonce\":"
            + nonce
            + ",\"order\":1}";
    ObjectNode envelope = (ObjectNode) JSON.readTree("{}");
    if (signIt) {
      envelope = SignedRequest.sign(KEY, request);
    } else {
      envelope.put("request", request);
      envelope.set("key", JSON.readTree(key));
      envelope.set("signature", JSON.readTree(signature));
    }
    SignedRequest verified;
    try {
      verified = SignedRequest.verify(envelope, 'V');
    } catch (SteleException e) {
      assertThat(e.code()).startsWith("exchange.");
      return;
    }
    assertThat(signIt).isTrue();
    JsonNode parsed = JSON.readTree(request);
    assertThat(parsed.path("chain").asText()).isEqualTo("V");
    assertThat(verified.time()).isEqualTo(parsed.path("time").asLong()).isNotNegative();
    assertThat(verified.nonce()).isEqualTo(parsed.path("nonce").asLong()).isNotNegative();
  }
}
