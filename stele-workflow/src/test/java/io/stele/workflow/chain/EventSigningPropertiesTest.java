package io.stele.workflow.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.crypto.KeyPair;
import io.stele.workflow.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class EventSigningPropertiesTest {
  /** Events signed in sequence form a chain that verifies and survives a JSON round trip. */
  @Property(tries = 30)
  void signedChainsVerifyAndRoundTrip(
      @ForAll @Size(min = 1, max = 5) List<String> bodies,
      @ForAll @LongRange(min = 0, max = 4_000_000_000L) long timestamp,
      @ForAll @Size(32) byte[] seed) {
    KeyPair key = KeyPair.fromSeed(seed);
    EventChain chain = EventChain.empty(ChainId.create(key.publicKey(), new byte[20]));
    for (String text : bodies) {
      String json = Json.write(Json.NODES.objectNode().put("text", text));
      chain =
          chain.with(
              Event.sign(
                  "node",
                  json.getBytes(StandardCharsets.UTF_8),
                  timestamp,
                  chain.latestHash(),
                  key));
    }
    assertThat(EventChainVerifier.verify(chain)).isEmpty();
    EventChain again = EventChain.fromJson(Json.parse(Json.write(chain.toJson()), "chain"));
    assertThat(again).isEqualTo(chain);
    assertThat(again.events().getLast().bodyJson().get("text").textValue())
        .isEqualTo(bodies.getLast());
  }
}
