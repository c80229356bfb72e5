package io.stele.bench.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stele.core.bytes.Bytes;
import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.Hashes;
import io.stele.core.random.SeededRng;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.node.SoloNode;
import io.stele.ledger.receipt.ReceiptVerifier;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Offline verification of every receipt of one block of {@value #ANCHORS} anchors, each receipt
 * read back from its JSON text as a verifier receives it (parsing is not measured). Each invocation
 * starts with a fresh verifier, so the header's certificate is checked once per block as in use.
 * Scores are receipts per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ReceiptBenchmark {
  static final int ANCHORS = 10_000;
  private static final byte CHAIN = 'B';

  private Genesis genesis;
  private List<JsonNode> receipts;

  @Setup
  public void setUp() throws IOException {
    Genesis.Devnet devnet = Genesis.devnet(CHAIN, 1, 1_700_000_000_000L, new SeededRng(1));
    genesis = devnet.genesis();
    ManualClock clock = new ManualClock(1_700_000_001_000L);
    List<Bytes> hashes = new ArrayList<>(ANCHORS);
    for (int i = 0; i < ANCHORS; i++) {
      hashes.add(Bytes.wrap(Hashes.sha256(ByteBuffer.allocate(4).putInt(i).array())));
    }
    ObjectMapper json = new ObjectMapper();
    receipts = new ArrayList<>(ANCHORS);
    Path dir = Files.createTempDirectory("stele-receipt-bench");
    try (SoloNode node = SoloNode.open(dir, genesis, devnet.witnessKeys().get(0), clock)) {
      for (int i = 0; i < ANCHORS; i += 1_000) {
        node.anchor(hashes.subList(i, i + 1_000));
      }
      node.produceBlock();
      for (Bytes hash : hashes) {
        receipts.add(json.readTree(node.receipt(hash).orElseThrow().toString()));
      }
    } finally {
      try (var paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(ANCHORS)
  public int oneCore() {
    ReceiptVerifier verifier = new ReceiptVerifier(genesis);
    int positions = 0;
    for (JsonNode receipt : receipts) {
      positions += verifier.check(receipt).position();
    }
    return positions;
  }

  @Benchmark
  @OperationsPerInvocation(ANCHORS)
  public List<ReceiptVerifier.Verified> allCores() {
    return new ReceiptVerifier(genesis).checkAll(receipts);
  }
}
