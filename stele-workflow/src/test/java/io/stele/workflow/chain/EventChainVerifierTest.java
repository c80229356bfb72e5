package io.stele.workflow.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.crypto.Hashes;
import io.stele.core.crypto.KeyPair;
import io.stele.core.encoding.Base58;
import io.stele.workflow.Vectors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventChainVerifierTest {
  static List<Path> chains() {
    return Vectors.list("event-chains", ".json");
  }

  /** Hash, signature, linkage and chain id of every published LTO chain check out. */
  @ParameterizedTest
  @MethodSource("chains")
  void publishedChainVerifies(Path file) {
    assertThat(EventChainVerifier.verify(file)).isEmpty();
  }

  private static final Path TWO =
      Vectors.lto(
          "event-chains/2arvKCGdNNAAJmxbHAHvCJs2zaBdwVktTnDwq8AUcFNAcYVeryk8awfeQJqdtD.json");

  private static Set<String> problemsAfter(int index, UnaryOperator<Event> change) {
    EventChain chain = EventChain.read(TWO);
    List<Event> events = new ArrayList<>(chain.events());
    events.set(index, change.apply(events.get(index)));
    return EventChainVerifier.verify(new EventChain(chain.id(), events, null, null)).stream()
        .map(p -> p.event() + ":" + p.field())
        .collect(Collectors.toSet());
  }

  private static String flip(String base58) {
    char c = base58.charAt(5);
    return base58.substring(0, 5) + (c == 'A' ? 'B' : 'A') + base58.substring(6);
  }

  @Test
  void tamperedBodyBreaksHashAndSignatureOfThatEvent() {
    assertThat(
            problemsAfter(
                1,
                e ->
                    new Event(
                        e.origin(),
                        flip(e.body()),
                        e.timestamp(),
                        e.previous(),
                        e.signkey(),
                        e.signature(),
                        e.hash(),
                        e.receipt(),
                        e.original())))
        .containsExactlyInAnyOrder("1:hash", "1:signature");
  }

  @Test
  void tamperedTimestampBreaksHashAndSignature() {
    assertThat(
            problemsAfter(
                2,
                e ->
                    new Event(
                        e.origin(),
                        e.body(),
                        e.timestamp() + 1,
                        e.previous(),
                        e.signkey(),
                        e.signature(),
                        e.hash(),
                        e.receipt(),
                        e.original())))
        .containsExactlyInAnyOrder("2:hash", "2:signature");
  }

  @Test
  void tamperedPreviousBreaksTheLink() {
    assertThat(
            problemsAfter(
                1,
                e ->
                    new Event(
                        e.origin(),
                        e.body(),
                        e.timestamp(),
                        flip(e.previous()),
                        e.signkey(),
                        e.signature(),
                        e.hash(),
                        e.receipt(),
                        e.original())))
        .containsExactlyInAnyOrder("1:previous", "1:hash", "1:signature");
  }

  @Test
  void tamperedSignkeyBreaksHashSignatureAndCreator() {
    String other = "GjSacB6a5DFNEHjDSmn724QsrRStKYzkahPH67wyrhAY";
    assertThat(
            problemsAfter(
                0,
                e ->
                    new Event(
                        e.origin(),
                        e.body(),
                        e.timestamp(),
                        e.previous(),
                        other,
                        e.signature(),
                        e.hash(),
                        e.receipt(),
                        e.original())))
        .containsExactlyInAnyOrder("0:hash", "0:signature", "-1:id");
  }

  @Test
  void tamperedSignatureIsNamed() {
    assertThat(
            problemsAfter(
                2,
                e ->
                    new Event(
                        e.origin(),
                        e.body(),
                        e.timestamp(),
                        e.previous(),
                        e.signkey(),
                        flip(e.signature()),
                        e.hash(),
                        e.receipt(),
                        e.original())))
        .containsExactlyInAnyOrder("2:signature");
  }

  @Test
  void tamperedHashBreaksItselfAndTheNextLink() {
    assertThat(
            problemsAfter(
                1,
                e ->
                    new Event(
                        e.origin(),
                        e.body(),
                        e.timestamp(),
                        e.previous(),
                        e.signkey(),
                        e.signature(),
                        flip(e.hash()),
                        e.receipt(),
                        e.original())))
        .containsExactlyInAnyOrder("1:hash", "2:previous");
  }

  @Test
  void tamperedChainIdIsNamed() {
    EventChain chain = EventChain.read(TWO);
    EventChain renamed = new EventChain(flip(chain.id()), chain.events(), null, null);
    assertThat(EventChainVerifier.verify(renamed))
        .extracting(p -> p.event() + ":" + p.field() + ":" + p.code())
        .containsExactly("-1:id:workflow.chain_id");
  }

  @Test
  void forkFixtureIsAForkOfItsChain() {
    EventChain main = EventChain.read(TWO);
    EventChain fork =
        EventChain.read(
            Vectors.lto(
                "event-chains/2arvKCGdNNAAJmxbHAHvCJs2zaBdwVktTnDwq8AUcFNAcYVeryk8awfeQJqdtD.fork-1-event.json"));
    ChainComparison result = ChainComparison.compare(main, fork);
    assertThat(result)
        .isEqualTo(
            new ChainComparison.Forked(
                1,
                "HqDutMxVv6PkLFgGWz8wByaEgSuS3R1zcGeNKW6hSFST",
                "HMVbGHtcYm6DTciYAhkJkzDUnW1j1Mqo29X37rir5ufo",
                "CTjP75wdQsoeezu2VReYW3Wgezy1BewtZ2gi99o9kSFY"));
  }

  @Test
  void aPrefixIsBehindNotForked() {
    EventChain main = EventChain.read(TWO);
    EventChain prefix = new EventChain(main.id(), main.events().subList(0, 2), null, null);
    assertThat(ChainComparison.compare(prefix, main))
        .isEqualTo(new ChainComparison.Behind("left", 2, 3));
    assertThat(ChainComparison.compare(main, main)).isEqualTo(new ChainComparison.Same(3));
  }

  /** A rebased event signs its original's hash; both versions are checked. */
  @Test
  void rebasedEventsAreCheckedTwice() {
    KeyPair first = KeyPair.fromSeed(new byte[32]);
    byte[] seed = new byte[32];
    seed[0] = 1;
    KeyPair second = KeyPair.fromSeed(seed);
    EventChain chain = EventChain.empty(ChainId.create(second.publicKey(), new byte[20]));
    byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    Event elsewhere =
        Event.sign(null, body, 100, "7pPKRBzwwegpGfvSy9FVsZT1BMdA85AEBvNcRNzsG4af", first);
    Event.Original original =
        new Event.Original(
            elsewhere.timestamp(),
            elsewhere.previous(),
            elsewhere.signkey(),
            elsewhere.signature(),
            elsewhere.hash());
    String message =
        elsewhere.body()
            + "\n200\n"
            + chain.latestHash()
            + "\n"
            + second.publicKey().bytes().toBase58()
            + "\n"
            + elsewhere.hash();
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    Event rebased =
        new Event(
            null,
            elsewhere.body(),
            200,
            chain.latestHash(),
            second.publicKey().bytes().toBase58(),
            Base58.encode(second.sign(bytes)),
            Base58.encode(Hashes.sha256(bytes)),
            null,
            original);
    assertThat(EventChainVerifier.verify(chain.with(rebased))).isEmpty();

    Event.Original forged =
        new Event.Original(
            original.timestamp() + 1,
            original.previous(),
            original.signkey(),
            original.signature(),
            original.hash());
    Event tampered =
        new Event(
            null,
            rebased.body(),
            rebased.timestamp(),
            rebased.previous(),
            rebased.signkey(),
            rebased.signature(),
            rebased.hash(),
            null,
            forged);
    assertThat(EventChainVerifier.verify(chain.with(tampered)))
        .extracting(p -> p.event() + ":" + p.field())
        .containsExactlyInAnyOrder("0:original.hash", "0:original.signature");
  }
}
