package io.stele.node.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stele.core.bytes.Bytes;
import io.stele.core.clock.SystemClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.encoding.Base58;
import io.stele.core.error.SteleException;
import io.stele.core.random.SeededRng;
import io.stele.node.cli.SteleCommand;
import io.stele.node.devnet.Devnet;
import io.stele.node.run.NodeLauncher;
import io.stele.node.run.RunningNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stele workflow start|act|show|diagram} against a devnet node started in this process, as
 * {@code stele devnet} starts it: the handshake scenario, anchored on the node's own ledger.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkflowCommandsAgainstNodeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  private Devnet devnet;
  private RunningNode node;
  private String url;

  private record Run(int exit, String out, String err) {
    JsonNode json() throws Exception {
      return JSON.readTree(out);
    }
  }

  private static Run stele(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = SteleCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exit, out.toString(), err.toString());
  }

  @BeforeAll
  void startNode() {
    devnet =
        Devnet.prepare(dir.resolve("devnet"), "127.0.0.1", 0, new SeededRng(11), new SystemClock());
    node = NodeLauncher.launch(devnet.members().get(0).config());
    url = node.apiUrl();
  }

  @AfterAll
  void stopNode() {
    node.close();
  }

  private static Path identityFile(String id, int seed) throws Exception {
    KeyPair key = KeyPair.generate(new SeededRng(seed));
    Path file = dir.resolve(id + ".json");
    Files.writeString(
        file,
        """
        {"id": "%s", "node": "n", "signkeys": {"default": "%s"}}"""
            .formatted(id, key.publicKey().bytes().toBase58()));
    return file;
  }

  private String startHandshake() throws Exception {
    Path scenario =
        Path.of(System.getProperty("stele.vectors"), "lto/scenarios/Handshake/scenario-v1.0.json");
    Run start =
        stele(
            "workflow",
            "start",
            scenario.toString(),
            "--identity",
            identityFile("foo_id", 1).toString(),
            "--identity",
            identityFile("bar_id", 2).toString(),
            "--node",
            url,
            "--json");
    assertThat(start.exit()).as(start.err()).isZero();
    assertThat(start.json().path("state").asText()).isEqualTo("initial");
    assertThat(start.json().path("scenario").asText()).isEqualTo("A handshake");
    return start.json().path("id").asText();
  }

  private static String[] act(String url, String process, String... more) {
    String[] head = {"workflow", "act", process, "--node", url, "--json"};
    String[] all = new String[head.length + more.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(more, 0, all, head.length, more.length);
    return all;
  }

  @Test
  void aHandshakeRunsFromTheCommandLine() throws Exception {
    String process = startHandshake();
    Run greet =
        stele(
            act(url, process, "--identity", "foo_id", "--actor", "initiator", "--action", "greet"));
    assertThat(greet.exit()).as(greet.err()).isZero();
    assertThat(greet.json().path("state").asText()).isEqualTo("wait_on_recipient");

    Run show =
        stele(
            "workflow",
            "show",
            process,
            "--actor",
            "recipient",
            "--events",
            "--node",
            url,
            "--json");
    assertThat(show.exit()).as(show.err()).isZero();
    Set<String> actions = new HashSet<>();
    show.json().path("actions").forEach(a -> actions.add(a.asText()));
    assertThat(actions).containsExactlyInAnyOrder("reply", "ignore");
    assertThat(show.json().path("events")).hasSize(2);

    Run reply =
        stele(
            act(
                url,
                process,
                "--identity",
                "bar_id",
                "--actor",
                "recipient",
                "--action",
                "reply",
                "--response",
                "not_good",
                "--data",
                "{\"mood\": \"grumpy\"}"));
    assertThat(reply.exit()).as(reply.err()).isZero();
    assertThat(reply.json().path("state").asText()).isEqualTo("expect_sympathy");
    assertThat(reply.json().path("previousResponse").path("data").path("mood").asText())
        .isEqualTo("grumpy");

    Run human = stele("workflow", "show", process, "--node", url);
    assertThat(human.out()).contains("state: expect_sympathy");
  }

  @Test
  void commentDeviateAndAnswerFromTheCommandLine() throws Exception {
    String process = startHandshake();
    Run comment =
        stele(
            "workflow",
            "comment",
            process,
            "--identity",
            "foo_id",
            "--actor",
            "initiator",
            "--message",
            "hello there",
            "--node",
            url,
            "--json");
    assertThat(comment.exit()).as(comment.err()).isZero();
    assertThat(comment.json().path("comments").get(0).path("message").asText())
        .isEqualTo("hello there");

    Run deviate =
        stele(
            "workflow",
            "deviate",
            process,
            "--identity",
            "foo_id",
            "--actor",
            "initiator",
            "--state",
            ":success",
            "--reason",
            "met in person",
            "--node",
            url,
            "--json");
    assertThat(deviate.exit()).as(deviate.err()).isZero();
    String proposal = deviate.json().path("proposals").get(0).path("id").asText();

    Run answer =
        stele(
            "workflow",
            "answer",
            process,
            "--proposal",
            proposal,
            "--identity",
            "bar_id",
            "--actor",
            "recipient",
            "--accept",
            "--node",
            url,
            "--json");
    assertThat(answer.exit()).as(answer.err()).isZero();
    assertThat(answer.json().path("state").asText()).isEqualTo(":success");

    Run again =
        stele(
            "workflow",
            "answer",
            process,
            "--proposal",
            proposal,
            "--identity",
            "bar_id",
            "--actor",
            "recipient",
            "--refuse",
            "--node",
            url);
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("workflow.unknown_proposal");
  }

  @Test
  void updateSwitchesAProcessToANewScenarioOnceAccepted() throws Exception {
    String process = startHandshake();
    Path v1 =
        Path.of(System.getProperty("stele.vectors"), "lto/scenarios/Handshake/scenario-v1.0.json");
    com.fasterxml.jackson.databind.node.ObjectNode json =
        (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(v1.toFile());
    json.put("title", "A handshake, v2");
    com.fasterxml.jackson.databind.node.ObjectNode states =
        (com.fasterxml.jackson.databind.node.ObjectNode) json.get("states");
    states.set("waiting", states.remove("wait_on_recipient"));
    ((com.fasterxml.jackson.databind.node.ObjectNode) states.get("initial"))
        .put("transition", "waiting");
    assertThat(
            stele(
                    act(
                        url,
                        process,
                        "--identity",
                        "foo_id",
                        "--actor",
                        "initiator",
                        "--action",
                        "greet"))
                .exit())
        .isZero();
    Path v2 = dir.resolve("handshake-v2.json");
    Files.writeString(v2, JSON.writeValueAsString(json));

    Run unmapped =
        stele(
            "workflow",
            "update",
            process,
            v2.toString(),
            "--identity",
            "foo_id",
            "--actor",
            "initiator",
            "--node",
            url);
    assertThat(unmapped.exit()).isEqualTo(1);
    assertThat(unmapped.err()).contains("workflow.scenario_update");

    Run proposed =
        stele(
            "workflow",
            "update",
            process,
            v2.toString(),
            "--identity",
            "foo_id",
            "--actor",
            "initiator",
            "--map",
            "wait_on_recipient=waiting",
            "--node",
            url,
            "--json");
    assertThat(proposed.exit()).as(proposed.err()).isZero();
    String proposal = proposed.json().path("proposals").get(0).path("id").asText();
    Run answer =
        stele(
            "workflow",
            "answer",
            process,
            "--proposal",
            proposal,
            "--identity",
            "bar_id",
            "--actor",
            "recipient",
            "--accept",
            "--node",
            url,
            "--json");
    assertThat(answer.exit()).as(answer.err()).isZero();
    assertThat(answer.json().path("scenario").asText()).isEqualTo("A handshake, v2");
    assertThat(answer.json().path("state").asText()).isEqualTo("waiting");
  }

  @Test
  void theDevnetServesEveryWorkflowRouteAndTheProcessFeed() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    JsonNode paths =
        JSON.readTree(
                http.send(
                        HttpRequest.newBuilder(URI.create(url + "/openapi.json")).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray())
                    .body())
            .path("paths");
    for (String path :
        List.of(
            "/v1/workflow/scenarios",
            "/v1/workflow/processes",
            "/v1/workflow/processes/{process}",
            "/v1/workflow/processes/{process}/actions",
            "/v1/workflow/processes/{process}/events",
            "/v1/workflow/processes/{process}/identities",
            "/v1/workflow/processes/{process}/diagram",
            "/v1/workflow/chains",
            "/v1/workflow/forks")) {
      assertThat(paths.has(path)).as(path).isTrue();
    }

    String process = startHandshake();
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    WebSocket socket =
        http.newWebSocketBuilder()
            .buildAsync(
                URI.create(url.replace("http://", "ws://") + "/v1/streams/processes"),
                new WebSocket.Listener() {
                  @Override
                  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    received.add(data.toString());
                    ws.request(1);
                    return null;
                  }
                })
            .join();
    // The feed only sends changes made after it subscribed: comment until one arrives.
    String message = null;
    for (int i = 0; i < 50 && message == null; i++) {
      Run comment =
          stele(
              "workflow",
              "comment",
              process,
              "--identity",
              "foo_id",
              "--actor",
              "initiator",
              "--message",
              "hello " + i,
              "--node",
              url,
              "--json");
      assertThat(comment.exit()).as(comment.err()).isZero();
      message = received.poll(200, TimeUnit.MILLISECONDS);
    }
    socket.abort();
    assertThat(message).isNotNull();
    JsonNode change = JSON.readTree(message);
    assertThat(change.path("type").asText()).isEqualTo("process");
    assertThat(change.path("process").path("id").asText()).isEqualTo(process);
  }

  @Test
  void theNodeListsTheForksItCannotDecideYet() throws Exception {
    Run forks = stele("workflow", "forks", "--node", url, "--json");
    assertThat(forks.exit()).as(forks.err()).isZero();
    assertThat(forks.json().path("forks").isArray()).isTrue();
    assertThat(forks.json().path("forks")).isEmpty();
  }

  @Test
  void theDiagramHighlightsTheCurrentState() throws Exception {
    String process = startHandshake();
    Run mermaid = stele("workflow", "diagram", process, "--node", url);
    assertThat(mermaid.exit()).as(mermaid.err()).isZero();
    assertThat(mermaid.out()).startsWith("stateDiagram-v2");
    String initial = mermaid.out().replaceAll("(?s).*state \"initial\" as (s\\d+).*", "$1");
    assertThat(mermaid.out()).contains("class " + initial + " current");

    Path dot = dir.resolve("handshake.dot");
    Run written =
        stele(
            "workflow",
            "diagram",
            process,
            "--format",
            "dot",
            "--out",
            dot.toString(),
            "--node",
            url,
            "--json");
    assertThat(written.exit()).as(written.err()).isZero();
    assertThat(Files.readString(dot)).startsWith("digraph").contains("filled,bold");

    Run svg = stele("workflow", "diagram", process, "--format", "svg", "--node", url);
    assertThat(svg.exit()).isEqualTo(1);
    assertThat(svg.err()).startsWith("stele: workflow.diagram_format: ");
  }

  @Test
  void refusalsExitAsTheOtherCommandsDo() throws Exception {
    String process = startHandshake();
    Run notYours =
        stele(
            act(url, process, "--identity", "bar_id", "--actor", "initiator", "--action", "greet"));
    assertThat(notYours.exit()).isEqualTo(1);
    assertThat(notYours.err()).startsWith("stele: workflow.not_your_actor: ");

    Run unknown = stele("workflow", "show", "nosuch", "--node", url);
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).startsWith("stele: workflow.unknown_process: ");

    Run badData =
        stele(
            act(
                url,
                process,
                "--identity",
                "foo_id",
                "--actor",
                "initiator",
                "--action",
                "greet",
                "--data",
                "{nope"));
    assertThat(badData.exit()).isEqualTo(2);

    Run missingFile =
        stele("workflow", "start", dir.resolve("absent.json").toString(), "--node", url);
    assertThat(missingFile.exit()).isEqualTo(3);
    assertThat(missingFile.err()).startsWith("stele: cli.io: ");

    Run unreachable = stele("workflow", "show", process, "--node", "http://127.0.0.1:1");
    assertThat(unreachable.exit()).isEqualTo(3);
    assertThat(unreachable.err()).startsWith("stele: cli.unreachable: ");
  }

  @Test
  void eventsAreAnchoredOnTheNodesLedgerAndTheirReceiptsVerify() throws Exception {
    String process = startHandshake();
    HttpClient http = HttpClient.newHttpClient();
    URI verification = URI.create(url + "/v1/workflow/processes/" + process + "/verification");
    JsonNode result = null;
    for (int i = 0; i < 600; i++) {
      result =
          JSON.readTree(
              http.send(
                      HttpRequest.newBuilder(verification).GET().build(),
                      HttpResponse.BodyHandlers.ofByteArray())
                  .body());
      if (result.path("anchored").asInt() == result.path("events").asInt()) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(result.path("anchored").asInt()).as(result.toString()).isEqualTo(1);
    assertThat(result.path("valid").asBoolean()).as(result.toString()).isTrue();

    // The same receipt does not pass for another hash.
    Run events = stele("workflow", "show", process, "--events", "--node", url, "--json");
    JsonNode event = events.json().path("events").get(0);
    LedgerReceiptCheck check = new LedgerReceiptCheck(devnet.genesis());
    String receipt = JSON.writeValueAsString(event.path("receipt"));
    check.check(Bytes.of(Base58.decode(event.path("hash").asText(), 64)), receipt);
    assertThatThrownBy(() -> check.check(Bytes.of(new byte[32]), receipt))
        .isInstanceOfSatisfying(
            SteleException.class, e -> assertThat(e.code()).isEqualTo("receipt.target"));

    // Offline, from the chain file and the genesis alone: stele verify chain --genesis.
    JsonNode chain =
        JSON.readTree(
            http.send(
                    HttpRequest.newBuilder(
                            URI.create(url + "/v1/workflow/processes/" + process + "/chain"))
                        .GET()
                        .build(),
                    HttpResponse.BodyHandlers.ofByteArray())
                .body());
    Path chainFile = dir.resolve("anchored-chain.json");
    JSON.writeValue(chainFile.toFile(), chain);
    Path genesis = dir.resolve("devnet").resolve("genesis.json");
    Run verified =
        stele("verify", "chain", chainFile.toString(), "--genesis", genesis.toString(), "--json");
    assertThat(verified.exit()).as(verified.err()).isEqualTo(0);
    assertThat(verified.json().path("receiptsChecked").asInt()).isEqualTo(1);

    // A receipt moved to another block height no longer checks out, and the event is named.
    var tampered = (com.fasterxml.jackson.databind.node.ObjectNode) chain.deepCopy();
    var anchor =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            tampered.path("events").get(0).path("receipt").path("anchors").get(0);
    anchor.put("height", anchor.path("height").asLong() + 1);
    Path tamperedFile = dir.resolve("tampered-receipt.json");
    JSON.writeValue(tamperedFile.toFile(), tampered);
    Run refused =
        stele("verify", "chain", tamperedFile.toString(), "--genesis", genesis.toString());
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("event 0 receipt");
  }
}
