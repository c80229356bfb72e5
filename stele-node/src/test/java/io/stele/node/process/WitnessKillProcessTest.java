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
import io.stele.ledger.tx.TransactionBuilder;
import io.stele.node.client.NodeClient;
import io.stele.node.config.Passphrases;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default devnet, four witness processes, under a steady load of transfers: with one witness
 * killed (SIGKILL) finality goes on; with two it stops and nothing conflicting becomes final; both
 * restarted, finality resumes and all four reach the same final head and state root; a witness
 * restarted on an emptied data directory syncs back to the same head.
 */
class WitnessKillProcessTest {
  private static final long WAIT_MILLIS = 60_000;

  @TempDir Path dir;

  @Test
  void finalityOutlivesOneCrashStopsSafelyAtTwoAndResumes() throws Exception {
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
            Integer.toString(p2p))) {
      JsonNode nodes = Ports.awaitFile(data.resolve("devnet.json"), devnet).path("nodes");
      List<String> roles = new ArrayList<>();
      nodes.forEach(n -> roles.add(n.path("name").asText() + "/" + n.path("role").asText()));
      assertThat(roles)
          .containsExactly(
              "witness-1/witness", "witness-2/witness", "witness-3/witness", "witness-4/witness");
      List<NodeClient> clients = new ArrayList<>();
      nodes.forEach(n -> clients.add(new NodeClient(URI.create(n.path("apiUrl").asText()))));
      NodeClient first = clients.get(0);
      await("every witness finalizes blocks", () -> minFinal(clients) >= 3, devnet);
      assertThat(first.status().path("consensus").path("round").isInt()).isTrue();
      assertThat(first.getObject("/v1/witnesses").path("witnesses")).hasSize(4);

      Load load = new Load(data, first);
      Thread loader = new Thread(load, "transfer-load");
      loader.start();
      try {
        kill(nodes.get(3));
        long one = finalHeight(first);
        await(
            "finality goes on without witness-4",
            () -> minFinal(clients.subList(0, 3)) >= one + 4,
            devnet);
        assertThat(load.accepted.get()).as("transfers were admitted").isPositive();

        kill(nodes.get(2));
        List<NodeClient> survivors = clients.subList(0, 2);
        Thread.sleep(3_000); // a block whose precommits were already on the wire may still land
        long stalled = maxFinal(survivors);
        Thread.sleep(5_000);
        assertThat(maxFinal(survivors)).as("no finality with 2 of 4 witnesses").isEqualTo(stalled);
        assertSameChain(
            survivors, Math.min(finalHeight(clients.get(0)), finalHeight(clients.get(1))));

        try (SteleProcess third = restart(data, "witness-3");
            SteleProcess fourth = restart(data, "witness-4")) {
          await("finality resumes", () -> minFinal(clients) >= stalled + 4, third);
          long resumed = minFinal(clients);
          assertSameChain(clients, resumed);

          assertThat(fourth.terminate(30)).isIn(0, 143);
          deleteTree(data.resolve("witness-4/chain"));
          deleteTree(data.resolve("witness-4/chain-signer"));
          long target = finalHeight(first);
          try (SteleProcess emptied = restart(data, "witness-4")) {
            await(
                "the emptied witness syncs back to " + target,
                () -> finalHeight(clients.get(3)) >= target,
                emptied);
            assertSameChain(List.of(first, clients.get(3)), target);
          }
        }
      } finally {
        load.running.set(false);
        loader.join(10_000);
      }
      assertThat(load.failure).as("the load's last error").isNull();
      assertThat(devnet.terminate(60)).as("exit code after SIGTERM").isIn(0, 143);
    }
  }

  /** Transfers from the faucet through witness-1, which relays them to the others. */
  private static final class Load implements Runnable {
    final AtomicBoolean running = new AtomicBoolean(true);
    final AtomicLong accepted = new AtomicLong();
    final TransactionBuilder builder;
    final Address recipient;
    final NodeClient node;
    volatile Exception failure;

    Load(Path data, NodeClient node) {
      Genesis genesis = Genesis.read(data.resolve("genesis.json"));
      KeyPair faucet =
          KeyFile.read(
              data.resolve("keys/faucet.key"), Passphrases.fromFile(data.resolve("passphrase")));
      this.builder = new TransactionBuilder(genesis.chainId(), genesis.parameters(), faucet);
      this.recipient =
          Address.of(KeyPair.generate(new SeededRng(5)).publicKey(), genesis.chainId());
      this.node = node;
    }

    @Override
    public void run() {
      long nonce = 0;
      while (running.get()) {
        try {
          node.submit(
              builder
                  .transfer(recipient, 1, nonce, System.currentTimeMillis())
                  .encoded()
                  .toArray());
          nonce++;
          accepted.incrementAndGet();
          Thread.sleep(20);
        } catch (SteleException refused) {
          // a full mempool: the same nonce again shortly
          try {
            Thread.sleep(200);
          } catch (InterruptedException e) {
            return;
          }
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          failure = e;
          return;
        }
      }
    }
  }

  private static void kill(JsonNode node) throws Exception {
    ProcessHandle handle = ProcessHandle.of(node.path("pid").asLong()).orElseThrow();
    handle.destroyForcibly();
    handle.onExit().get();
  }

  private SteleProcess restart(Path data, String member) throws Exception {
    return SteleProcess.start(
        dir, member, "node", "--config", data.resolve(member + "/node.json").toString());
  }

  private static long finalHeight(NodeClient node) {
    try {
      return node.status().path("finalHeight").asLong();
    } catch (SteleException unreachable) {
      assertThat(unreachable.code()).isEqualTo("cli.unreachable");
      return -1;
    }
  }

  private static long minFinal(List<NodeClient> nodes) {
    return nodes.stream().mapToLong(WitnessKillProcessTest::finalHeight).min().orElseThrow();
  }

  private static long maxFinal(List<NodeClient> nodes) {
    return nodes.stream().mapToLong(WitnessKillProcessTest::finalHeight).max().orElseThrow();
  }

  /** Every height from 1 to {@code height} has the same block and state root on every node. */
  private static void assertSameChain(List<NodeClient> nodes, long height) {
    for (long h = 1; h <= height; h++) {
      ObjectNode expected = nodes.get(0).block(Long.toString(h));
      for (NodeClient node : nodes) {
        ObjectNode block = node.block(Long.toString(h));
        assertThat(block.path("hash").asText())
            .as("block %d at %s", h, node.base())
            .isEqualTo(expected.path("hash").asText());
        assertThat(block.path("stateRoot").asText()).isEqualTo(expected.path("stateRoot").asText());
      }
    }
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
