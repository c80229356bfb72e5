package io.stele.node.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.stele.node.config.Passphrases;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A devnet of real processes: one witness and two followers, each its own {@code stele node} JVM.
 * Transfers sent to a follower and to the witness become final everywhere with the same blocks and
 * state roots; a follower killed with SIGKILL and restarted on an empty data directory syncs back.
 */
class DevnetFollowersProcessTest {
  private static final long WAIT_MILLIS = 90_000;

  @TempDir Path dir;

  @Test
  void followersReachTheWitnessStateAndOneSyncsBackFromNothing() throws Exception {
    Path data = dir.resolve("data");
    int port = Ports.free();
    int p2p = Ports.free();
    try (SteleProcess devnet =
        SteleProcess.start(
            dir,
            "devnet",
            "devnet",
            "--data",
            data.toString(),
            "--port",
            Integer.toString(port),
            "--p2p-port",
            Integer.toString(p2p),
            "--witnesses",
            "1",
            "--followers",
            "2")) {
      JsonNode manifest = Ports.awaitFile(data.resolve("devnet.json"), devnet);
      JsonNode nodes = manifest.path("nodes");
      assertThat(nodes).hasSize(3);
      List<String> roles = new ArrayList<>();
      nodes.forEach(n -> roles.add(n.path("name").asText() + "/" + n.path("role").asText()));
      assertThat(roles)
          .containsExactly("witness-1/witness", "follower-1/follower", "follower-2/follower");
      for (JsonNode n : nodes) {
        assertThat(n.path("pid").asLong()).isNotEqualTo(devnet.pid());
        assertThat(ProcessHandle.of(n.path("pid").asLong())).isPresent();
      }
      assertThat(nodes.get(2).path("p2p").asText()).isEqualTo("127.0.0.1:" + (p2p + 2));
      NodeClient witness = client(nodes.get(0));
      NodeClient first = client(nodes.get(1));
      NodeClient second = client(nodes.get(2));

      Genesis genesis = Genesis.read(data.resolve("genesis.json"));
      KeyPair faucet =
          KeyFile.read(
              data.resolve("keys/faucet.key"), Passphrases.fromFile(data.resolve("passphrase")));
      TransactionBuilder builder =
          new TransactionBuilder(genesis.chainId(), genesis.parameters(), faucet);
      Address bob = Address.of(KeyPair.generate(new SeededRng(3)).publicKey(), genesis.chainId());
      List<Transaction> sent = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        Transaction tx = builder.transfer(bob, 100 + i, i, System.currentTimeMillis());
        // the first half through a follower, which relays them to the witness
        (i < 5 ? first : witness).submit(tx.encoded().toArray());
        sent.add(tx);
        if (i == 4) {
          awaitFinal(witness, tx, devnet);
        }
      }
      for (NodeClient node : List.of(witness, first, second)) {
        awaitFinal(node, sent.get(sent.size() - 1), devnet);
      }
      long height = witness.status().path("finalHeight").asLong();
      assertSameBlock(height, devnet, witness, first, second);
      assertThat(second.account(bob.toString()).path("balance").asText())
          .isEqualTo(Long.toString(sent.stream().mapToLong(t -> 100 + t.nonce()).sum()));
      ObjectNode status = first.status();
      assertThat(status.path("role").asText()).isEqualTo("follower");
      assertThat(status.path("peers")).hasSize(2);
      assertThat(status.has("lag")).isTrue();

      long secondPid = nodes.get(2).path("pid").asLong();
      ProcessHandle handle = ProcessHandle.of(secondPid).orElseThrow();
      handle.destroyForcibly();
      handle.onExit().get();
      deleteTree(data.resolve("follower-2/chain"));
      long target = witness.status().path("finalHeight").asLong();
      try (SteleProcess restarted =
          SteleProcess.start(
              dir,
              "follower-2",
              "node",
              "--config",
              data.resolve("follower-2/node.json").toString())) {
        await(
            "the emptied follower syncs back to " + target,
            () -> finalHeight(second) >= target,
            restarted);
        assertSameBlock(target, restarted, witness, second);
        assertThat(
                second
                    .transaction(sent.get(0).id().toBase58())
                    .orElseThrow()
                    .path("status")
                    .asText())
            .isEqualTo("final");
      }

      assertThat(devnet.terminate(60)).as("exit code after SIGTERM").isIn(0, 143);
      assertThat(data.resolve("devnet.json")).doesNotExist();
      assertThat(ProcessHandle.of(nodes.get(0).path("pid").asLong()).map(ProcessHandle::isAlive))
          .as("the witness stops with the devnet")
          .satisfiesAnyOf(p -> assertThat(p).isEmpty(), p -> assertThat(p).contains(false));
    }
  }

  private static NodeClient client(JsonNode node) {
    return new NodeClient(URI.create(node.path("apiUrl").asText()));
  }

  private static long finalHeight(NodeClient node) {
    try {
      return node.status().path("finalHeight").asLong();
    } catch (SteleException unreachable) {
      assertThat(unreachable.code()).isEqualTo("cli.unreachable");
      return -1;
    }
  }

  private static void assertSameBlock(long height, SteleProcess logs, NodeClient... nodes)
      throws Exception {
    for (NodeClient node : nodes) {
      await(
          "final height " + height + " at " + node.base(), () -> finalHeight(node) >= height, logs);
    }
    ObjectNode expected = nodes[0].block(Long.toString(height));
    for (NodeClient node : nodes) {
      ObjectNode block = node.block(Long.toString(height));
      assertThat(block.path("hash").asText())
          .as(node.base().toString())
          .isEqualTo(expected.path("hash").asText());
      assertThat(block.path("stateRoot").asText()).isEqualTo(expected.path("stateRoot").asText());
    }
  }

  private static void awaitFinal(NodeClient node, Transaction tx, SteleProcess logs)
      throws Exception {
    await(
        "transaction " + tx.id() + " final at " + node.base(),
        () -> {
          try {
            Optional<ObjectNode> view = node.transaction(tx.id().toBase58());
            return view.isPresent() && view.get().path("status").asText().equals("final");
          } catch (SteleException unreachable) {
            return false;
          }
        },
        logs);
  }

  private static void await(String what, BooleanSupplier condition, SteleProcess logs)
      throws Exception {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("gave up waiting for " + what + ":" + logs.logs());
      }
      Thread.sleep(100);
    }
  }

  private static void deleteTree(Path root) throws Exception {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
