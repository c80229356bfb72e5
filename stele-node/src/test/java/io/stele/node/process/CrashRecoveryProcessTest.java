package io.stele.node.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.address.Address;
import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.core.keyfile.KeyFile;
import io.stele.core.random.SeededRng;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.tx.Transaction;
import io.stele.ledger.tx.TransactionBuilder;
import io.stele.node.client.NodeClient;
import io.stele.node.config.NodeConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code stele node} is killed with SIGKILL in the middle of a load of transfers and
 * restarted on the same data: every transaction it had reported final must still be there, in the
 * same block, and the final block it had reported must have the same hash and state root.
 */
class CrashRecoveryProcessTest {
  private static final int FIRST_LOAD = 120;
  private static final int SECOND_LOAD = 120;
  private static final char[] PASSPHRASE = "crash test".toCharArray();

  @TempDir Path dir;

  /** What the node said about one final transaction. */
  private record Final(long height, String blockHash) {}

  @Test
  void whatWasReportedFinalSurvivesKillNine() throws Exception {
    SeededRng rng = new SeededRng(42);
    Genesis.Devnet devnet = Genesis.devnet((byte) 'K', 1, System.currentTimeMillis(), rng);
    KeyPair sender = KeyPair.generate(rng);
    Address senderAddress = Address.of(sender.publicKey(), (byte) 'K');
    Genesis genesis = devnet.genesis().withBalances(Map.of(senderAddress, 1_000_000_000_000L));
    genesis.write(dir.resolve("genesis.json"));
    KeyFile.write(
        dir.resolve("witness.key"),
        devnet.witnessKeys().get(0),
        PASSPHRASE,
        rng,
        new KeyFile.Params(1024, 1, 1));
    Files.writeString(dir.resolve("passphrase"), new String(PASSPHRASE) + "\n");
    int port = Ports.free();
    new NodeConfig(
            dir.resolve("chain"),
            dir.resolve("genesis.json"),
            dir.resolve("witness.key"),
            Optional.of(dir.resolve("passphrase")),
            "127.0.0.1",
            port)
        .write(dir.resolve("node.json"));
    NodeClient client = new NodeClient(URI.create("http://127.0.0.1:" + port));
    TransactionBuilder builder = new TransactionBuilder((byte) 'K', genesis.parameters(), sender);
    Address recipient = Address.of(KeyPair.generate(rng).publicKey(), (byte) 'K');

    Map<String, Final> reportedFinal = new LinkedHashMap<>();
    long finalHeight;
    ObjectNode finalBlock;
    try (SteleProcess node = startNode()) {
      awaitApi(client, node);
      Transaction[] first = submit(client, builder, recipient, 0, FIRST_LOAD);
      awaitFinal(client, first[first.length - 1], node);
      for (Transaction tx : first) {
        client
            .transaction(tx.id().toBase58())
            .filter(view -> view.path("status").asText().equals("final"))
            .ifPresent(view -> reportedFinal.put(tx.id().toBase58(), finalAt(client, view)));
      }
      ObjectNode status = client.status();
      finalHeight = status.path("finalHeight").asLong();
      finalBlock = client.block(Long.toString(finalHeight));
      assertThat(finalBlock.path("hash").asText()).isEqualTo(status.path("finalHash").asText());

      killMidLoad(node, client, builder, recipient);
    }
    assertThat(reportedFinal).hasSize(FIRST_LOAD);

    try (SteleProcess restarted = startNode()) {
      awaitApi(client, restarted);
      for (Map.Entry<String, Final> entry : reportedFinal.entrySet()) {
        ObjectNode view = client.transaction(entry.getKey()).orElseThrow();
        assertThat(view.path("status").asText()).isEqualTo("final");
        assertThat(finalAt(client, view)).as(entry.getKey()).isEqualTo(entry.getValue());
      }
      ObjectNode again = client.block(Long.toString(finalHeight));
      assertThat(again.path("hash").asText()).isEqualTo(finalBlock.path("hash").asText());
      assertThat(again.path("stateRoot").asText()).isEqualTo(finalBlock.path("stateRoot").asText());
      assertThat(client.status().path("finalHeight").asLong()).isGreaterThanOrEqualTo(finalHeight);
    }
  }

  /**
   * Submits the second load from another thread and kills the node once half of it is in, so the
   * kill lands while transfers are still arriving; the submitter must then see the node vanish.
   */
  private static void killMidLoad(
      SteleProcess node, NodeClient client, TransactionBuilder builder, Address recipient)
      throws Exception {
    AtomicInteger submitted = new AtomicInteger();
    AtomicReference<SteleException> stoppedBy = new AtomicReference<>();
    Thread submitter =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    for (int i = 0; i < SECOND_LOAD; i++) {
                      Transaction tx =
                          builder.transfer(
                              recipient, 1 + i, FIRST_LOAD + i, System.currentTimeMillis());
                      client.submit(tx.encoded().toArray());
                      submitted.incrementAndGet();
                    }
                  } catch (SteleException e) {
                    stoppedBy.set(e);
                  }
                });
    while (submitted.get() < SECOND_LOAD / 2 && submitter.isAlive()) {
      Thread.sleep(1);
    }
    node.kill();
    submitter.join(60_000);
    assertThat(submitted.get()).isGreaterThanOrEqualTo(SECOND_LOAD / 2);
    if (stoppedBy.get() != null) {
      assertThat(stoppedBy.get().code()).isEqualTo("cli.unreachable");
    }
  }

  private SteleProcess startNode() throws Exception {
    return SteleProcess.start(dir, "node", "node", "--config", dir.resolve("node.json").toString());
  }

  private static Transaction[] submit(
      NodeClient client, TransactionBuilder builder, Address recipient, int fromNonce, int count) {
    Transaction[] sent = new Transaction[count];
    for (int i = 0; i < count; i++) {
      sent[i] = builder.transfer(recipient, 1 + i, fromNonce + i, System.currentTimeMillis());
      client.submit(sent[i].encoded().toArray());
    }
    return sent;
  }

  private static Final finalAt(NodeClient client, ObjectNode view) {
    long height = view.path("height").asLong();
    return new Final(height, client.block(Long.toString(height)).path("hash").asText());
  }

  private static void awaitApi(NodeClient client, SteleProcess node) throws Exception {
    long deadline = System.currentTimeMillis() + Ports.STARTUP_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      if (!node.isAlive()) {
        throw new AssertionError("the node exited early:" + node.logs());
      }
      try {
        client.status();
        return;
      } catch (SteleException e) {
        assertThat(e.code()).isEqualTo("cli.unreachable");
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the node's API did not come up:" + node.logs());
  }

  private static void awaitFinal(NodeClient client, Transaction tx, SteleProcess node)
      throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      Optional<ObjectNode> view = client.transaction(tx.id().toBase58());
      if (view.isPresent() && view.get().path("status").asText().equals("final")) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("transaction " + tx.id() + " never became final:" + node.logs());
  }
}
