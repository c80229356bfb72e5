package io.stele.node.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stele.core.clock.SystemClock;
import io.stele.core.random.SeededRng;
import io.stele.ledger.genesis.Genesis;
import io.stele.node.cli.SteleCommand;
import io.stele.node.devnet.Devnet;
import io.stele.node.run.NodeLauncher;
import io.stele.node.run.RunningNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes as {@code stele devnet} runs them, one per party: each step taken on one node reaches
 * the other through {@code POST /v1/workflow/chains}.
 */
class TwoNodesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static JsonNode stele(String... args) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = SteleCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    assertThat(exit).as(err.toString()).isZero();
    return JSON.readTree(out.toString());
  }

  private RunningNode launch(String name, int seed) throws Exception {
    Devnet devnet =
        Devnet.prepare(
            dir.resolve(name), "127.0.0.1", freePort(), new SeededRng(seed), new SystemClock());
    return NodeLauncher.launch(devnet.members().get(0).config());
  }

  /** An identity at {@code node} whose system key is the node's witness key, which signs. */
  private Path identity(String id, RunningNode node, String name) throws Exception {
    Path file = dir.resolve(id + ".json");
    String key =
        Genesis.read(dir.resolve(name).resolve("genesis.json"))
            .witnesses()
            .get(0)
            .bytes()
            .toBase58();
    Files.writeString(
        file,
        """
        {"id": "%s", "node": "%s", "signkeys": {"system": "%s"}}"""
            .formatted(id, node.apiUrl(), key));
    return file;
  }

  /** Polls {@code stele workflow show} on a node until the process is in {@code state}. */
  private static JsonNode awaitState(RunningNode node, String process, String state)
      throws Exception {
    JsonNode shown = null;
    for (int i = 0; i < 300; i++) {
      StringWriter out = new StringWriter();
      int exit =
          SteleCommand.execute(
              new PrintWriter(out, true),
              new PrintWriter(new StringWriter(), true),
              "workflow",
              "show",
              process,
              "--node",
              node.apiUrl(),
              "--json");
      if (exit == 0) {
        shown = JSON.readTree(out.toString());
        if (shown.path("state").asText().equals(state)) {
          return shown;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("process " + process + " never reached " + state + ": " + shown);
  }

  @Test
  void aHandshakeBetweenTwoNodes() throws Exception {
    try (RunningNode alice = launch("alice", 31);
        RunningNode bob = launch("bob", 32)) {
      Path scenario =
          Path.of(
              System.getProperty("stele.vectors"), "lto/scenarios/Handshake/scenario-v1.0.json");
      String process =
          stele(
                  "workflow",
                  "start",
                  scenario.toString(),
                  "--identity",
                  identity("foo_id", alice, "alice").toString(),
                  "--identity",
                  identity("bar_id", bob, "bob").toString(),
                  "--node",
                  alice.apiUrl(),
                  "--json")
              .path("id")
              .asText();
      stele(
          "workflow",
          "act",
          process,
          "--identity",
          "foo_id",
          "--actor",
          "initiator",
          "--action",
          "greet",
          "--node",
          alice.apiUrl(),
          "--json");
      awaitState(bob, process, "wait_on_recipient");

      stele(
          "workflow",
          "act",
          process,
          "--identity",
          "bar_id",
          "--actor",
          "recipient",
          "--action",
          "reply",
          "--response",
          "not_good",
          "--node",
          bob.apiUrl(),
          "--json");
      JsonNode atAlice = awaitState(alice, process, "expect_sympathy");
      assertThat(atAlice.path("previousResponses").toString()).contains("reply.not_good");
    }
  }
}
