package io.stele.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stele.core.clock.SystemClock;
import io.stele.core.random.SeededRng;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.node.SoloNode;
import io.stele.node.client.NodeClient;
import io.stele.node.client.RemoteAnchorer;
import io.stele.node.run.RunningNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code stele verify exchange --genesis}: batches anchored on a ledger node in this process. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VerifyExchangeAnchoredTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private Path batches;
  private Path keys;
  private Path genesis;
  private Path otherGenesis;

  private record Run(int exit, String out, String err) {}

  @BeforeAll
  void publishAnchoredBatches() throws Exception {
    batches = Files.createDirectories(dir.resolve("batches"));
    keys = Files.createDirectories(dir.resolve("keys"));
    Genesis.Devnet devnet =
        Genesis.devnet(
            (byte) SealedExchangeFixture.CHAIN, 1, System.currentTimeMillis(), new SeededRng(5));
    genesis = dir.resolve("genesis.json");
    devnet.genesis().write(genesis);
    otherGenesis = dir.resolve("other-genesis.json");
    Genesis.devnet((byte) SealedExchangeFixture.CHAIN, 1, 0, new SeededRng(6))
        .genesis()
        .write(otherGenesis);
    SoloNode ledger =
        SoloNode.open(
            dir.resolve("chain"), devnet.genesis(), devnet.witnessKeys().get(0), new SystemClock());
    ledger.start();
    try (RunningNode node = RunningNode.serve(ledger, devnet.genesis(), "127.0.0.1", 0);
        RemoteAnchorer anchorer =
            new RemoteAnchorer(
                new NodeClient(URI.create(node.apiUrl())),
                devnet.genesis(),
                Duration.ofMillis(50))) {
      SealedExchangeFixture.publish(batches, keys, anchorer);
    }
  }

  private Run verify(Path genesisFile) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        SteleCommand.execute(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "verify",
            "exchange",
            "--batches",
            batches.toString(),
            "--keys",
            keys.toString(),
            "--genesis",
            genesisFile.toString(),
            "--json");
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void anchoredBatchesVerifyAgainstTheirGenesis() throws Exception {
    Run run = verify(genesis);
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode report = JSON.readTree(run.out());
    assertThat(report.get("anchorsChecked").asBoolean()).isTrue();
    assertThat(report.get("trades").asLong()).isEqualTo(4);
  }

  @Test
  void anchorsDoNotVerifyAgainstAnotherChainsGenesis() {
    Run run = verify(otherGenesis);
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).startsWith("stele: receipt.");
  }
}
