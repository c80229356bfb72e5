package io.stele.node.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.anchor.AnchorProof;
import io.stele.core.bytes.Bytes;
import io.stele.core.clock.SystemClock;
import io.stele.core.crypto.Hashes;
import io.stele.core.error.SteleException;
import io.stele.core.random.SeededRng;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.node.SoloNode;
import io.stele.node.run.RunningNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemoteAnchorerTest {
  @TempDir Path dir;

  @Test
  void anchorsThroughTheApiAndChecksTheReceiptAgainstTheTrustedGenesis() throws Exception {
    Genesis.Devnet devnet =
        Genesis.devnet((byte) 'R', 1, System.currentTimeMillis(), new SeededRng(5));
    SoloNode ledger =
        SoloNode.open(dir, devnet.genesis(), devnet.witnessKeys().get(0), new SystemClock());
    ledger.start();
    try (RunningNode node = RunningNode.serve(ledger, devnet.genesis(), "127.0.0.1", 0);
        RemoteAnchorer anchorer =
            new RemoteAnchorer(
                new NodeClient(URI.create(node.apiUrl())),
                devnet.genesis(),
                Duration.ofMillis(50))) {
      Bytes hash = Bytes.wrap(Hashes.sha256("remote".getBytes(StandardCharsets.UTF_8)));
      AnchorProof proof = anchorer.anchor(hash).get(60, TimeUnit.SECONDS);

      assertThat(proof.hash()).isEqualTo(hash);
      assertThat(proof.blockHeight()).isPositive();
      assertThat(ledger.receipt(hash)).isPresent();
      assertThat(proof.transactionId().toBase58())
          .isEqualTo(
              ledger.receipt(hash).get().path("anchors").get(0).path("transaction").asText());
    }
  }

  @Test
  void aReceiptFromAnotherChainIsRefused() throws Exception {
    Genesis.Devnet served =
        Genesis.devnet((byte) 'R', 1, System.currentTimeMillis(), new SeededRng(6));
    Genesis other =
        Genesis.devnet((byte) 'R', 1, System.currentTimeMillis(), new SeededRng(7)).genesis();
    SoloNode ledger =
        SoloNode.open(dir, served.genesis(), served.witnessKeys().get(0), new SystemClock());
    ledger.start();
    try (RunningNode node = RunningNode.serve(ledger, served.genesis(), "127.0.0.1", 0);
        RemoteAnchorer anchorer =
            new RemoteAnchorer(
                new NodeClient(URI.create(node.apiUrl())), other, Duration.ofMillis(50))) {
      Bytes hash = Bytes.wrap(Hashes.sha256("untrusted".getBytes(StandardCharsets.UTF_8)));
      ExecutionException failure =
          org.junit.jupiter.api.Assertions.assertThrows(
              ExecutionException.class, () -> anchorer.anchor(hash).get(60, TimeUnit.SECONDS));
      assertThat(failure.getCause()).isInstanceOf(SteleException.class);
      assertThat(((SteleException) failure.getCause()).code()).startsWith("receipt.");
    }
  }

  @Test
  void refusesHashesOfTheWrongLength() {
    try (RemoteAnchorer anchorer =
        new RemoteAnchorer(
            new NodeClient(URI.create("http://127.0.0.1:1")),
            Genesis.devnet((byte) 'R', 1, 0, new SeededRng(1)).genesis(),
            Duration.ofMillis(50))) {
      assertThat(anchorer.anchor(Bytes.wrap(new byte[65])))
          .failsWithin(Duration.ofSeconds(1))
          .withThrowableOfType(ExecutionException.class)
          .withMessageContaining("anchor.hash_length");
    }
  }
}
