package io.stele.workflow.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.workflow.Vectors;
import io.stele.workflow.chain.ChainId;
import io.stele.workflow.chain.Event;
import io.stele.workflow.chain.EventChain;
import io.stele.workflow.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ChainIdentitiesTest {
  static List<Path> chains() {
    return Vectors.list("event-chains", ".json");
  }

  /** In every published chain each event is signed by a key of a known identity. */
  @ParameterizedTest
  @MethodSource("chains")
  void publishedChainsHaveKnownSigners(Path file) {
    assertThat(ChainIdentities.unknownSigners(EventChain.read(file))).isEmpty();
  }

  @Test
  void identitiesComeFromTheListAndFromIdentityEvents() {
    Map<String, Identity> identities =
        ChainIdentities.of(EventChain.read(Vectors.lto("event-chains/different-nodes.json")));
    assertThat(identities)
        .containsOnlyKeys(
            "0c1d7eac-18ec-496a-8713-8e6e5f098686",
            "3hu99b8e-6bd3-4d88-81dd-a6ed9308q2g7",
            "4fd69b8e-6bd3-4d88-81dd-a6ed9308a14e");
    Identity third = identities.get("4fd69b8e-6bd3-4d88-81dd-a6ed9308a14e");
    assertThat(third.node()).isEqualTo("localhost-2");
    assertThat(third.signkeys().get("system"))
        .isEqualTo(PublicKey.fromBase58("H3fdNWdGtxia7Q7dv7rWtEao6xNha7R672DkhD93SdQL"));
    assertThat(third.encryptkey().toBase58())
        .isEqualTo("BVv1ZuE3gKFa6krwWJQwEmrLYUESuUabNCXgYTmCoBt6");
    assertThat(
            ChainIdentities.of(EventChain.read(Vectors.lto("event-chains/only-identities.json"))))
        .hasSize(3);
  }

  @Test
  void anEventByAStrangerIsReported() {
    KeyPair stranger = KeyPair.fromSeed(new byte[32]);
    EventChain chain = EventChain.empty(ChainId.create(stranger.publicKey(), new byte[20]));
    chain =
        chain.with(
            Event.sign(
                null, "{}".getBytes(StandardCharsets.UTF_8), 1, chain.latestHash(), stranger));
    assertThat(ChainIdentities.unknownSigners(chain))
        .extracting(p -> p.event() + ":" + p.code())
        .containsExactly("0:workflow.event_signer");
  }

  @Test
  void malformedIdentityIsRefused() {
    assertThatThrownBy(
            () ->
                Identity.fromJson(
                    Json.parse("{\"id\": \"x\", \"signkeys\": {\"default\": \"abc\"}}", "i"),
                    "identity"))
        .isInstanceOfSatisfying(
            SteleException.class, e -> assertThat(e.code()).isEqualTo("workflow.identity"))
        .hasMessageStartingWith("identity.signkeys.default is not an Ed25519 key");
  }
}
