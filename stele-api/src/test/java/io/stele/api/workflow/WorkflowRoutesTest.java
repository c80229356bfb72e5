package io.stele.api.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stele.api.ApiLimits;
import io.stele.api.ApiServer;
import io.stele.api.Json;
import io.stele.api.Routes;
import io.stele.core.anchor.AnchorProof;
import io.stele.core.anchor.Anchorer;
import io.stele.core.bytes.Bytes;
import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.core.random.SeededRng;
import io.stele.workflow.WorkflowService;
import io.stele.workflow.anchor.EventAnchoring;
import io.stele.workflow.anchor.ReceiptCheck;
import io.stele.workflow.chain.EventChain;
import io.stele.workflow.chain.EventChainVerifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The workflow routes over real HTTP on a random port, with LTO's handshake scenario. */
class WorkflowRoutesTest {
  private static final KeyPair NODE = KeyPair.fromSeed(new byte[32]);
  private static final ApiLimits LIMITS = new ApiLimits(64 * 1024, 16 * 1024, 10, 10);

  /** Accepts a receipt only if it is {"hash": hex of the event hash}. */
  private static final ReceiptCheck RECEIPTS =
      (hash, json) -> {
        if (!json.equals("{\"hash\":\"" + hash.toHex() + "\"}")) {
          throw new SteleException("receipt.target", "not a receipt for " + hash.toHex());
        }
      };

  private volatile boolean forgeReceipts;
  private WorkflowRoutes routes;
  private ApiServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  private record Reply(int status, JsonNode body) {
    String code() {
      return body.path("code").asText();
    }
  }

  @BeforeEach
  void start() {
    Anchorer anchorer =
        hash ->
            CompletableFuture.completedFuture(
                new AnchorProof(
                    hash,
                    1,
                    0,
                    Bytes.of(new byte[] {1}),
                    "{\"hash\":\"" + (forgeReceipts ? "00" : hash.toHex()) + "\"}"));
    WorkflowService service =
        new WorkflowService(
            NODE,
            new ManualClock(1_600_000_000_000L),
            new SeededRng(5),
            new EventAnchoring(anchorer));
    routes = new WorkflowRoutes(service, RECEIPTS, LIMITS);
    server = new ApiServer(LIMITS, List.of(routes)).start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static Path vector(String path) {
    return Path.of(System.getProperty("stele.vectors"), "lto", path);
  }

  private Reply send(HttpRequest.Builder request) throws Exception {
    HttpResponse<byte[]> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    return new Reply(response.statusCode(), Json.MAPPER.readTree(response.body()));
  }

  private HttpRequest.Builder to(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
  }

  private Reply get(String path) throws Exception {
    return send(to(path).GET());
  }

  private Reply post(String path, String type, byte[] body) throws Exception {
    return send(
        to(path).header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  private Reply postJson(String path, String json) throws Exception {
    return post(path, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  private String handshakeScenario() throws Exception {
    Reply added =
        post(
            "/v1/workflow/scenarios",
            "application/json",
            Files.readAllBytes(vector("scenarios/Handshake/scenario-v1.0.json")));
    assertThat(added.status()).as(added.body().toString()).isEqualTo(201);
    return added.body().path("id").asText();
  }

  private static String identity(String id) {
    return """
        {"id": "%s", "node": "n", "signkeys": {"system": "%s"}}"""
        .formatted(id, NODE.publicKey().bytes().toBase58());
  }

  private String startHandshake() throws Exception {
    String scenario = handshakeScenario();
    Reply started =
        postJson(
            "/v1/workflow/processes",
            """
            {"scenario": "%s", "identities": [%s, %s]}"""
                .formatted(scenario, identity("foo_id"), identity("bar_id")));
    assertThat(started.status()).as(started.body().toString()).isEqualTo(201);
    assertThat(started.body().path("state").asText()).isEqualTo("initial");
    return started.body().path("id").asText();
  }

  private Reply act(String process, String identity, String actor, String action, String response)
      throws Exception {
    return postJson(
        "/v1/workflow/processes/" + process + "/actions",
        """
        {"identity": "%s", "actor": "%s", "action": "%s", "response": %s}"""
            .formatted(
                identity, actor, action, response == null ? "null" : "\"" + response + "\""));
  }

  @Test
  void commentsAndAgreedDeviationsGoThroughHttp() throws Exception {
    String process = startHandshake();
    String base = "/v1/workflow/processes/" + process;
    Reply commented =
        postJson(
            base + "/comments",
            """
            {"identity": "foo_id", "actor": "initiator", "message": "hello"}""");
    assertThat(commented.status()).as(commented.body().toString()).isEqualTo(201);
    assertThat(commented.body().path("comments").get(0).path("message").asText())
        .isEqualTo("hello");
    assertThat(
            postJson(
                    base + "/comments",
                    """
                    {"identity": "foo_id", "actor": "initiator", "message": ""}""")
                .code())
        .isEqualTo("workflow.comment");

    Reply proposed =
        postJson(
            base + "/deviations",
            """
            {"identity": "foo_id", "actor": "initiator", "state": ":success", "reason": "met"}""");
    assertThat(proposed.status()).as(proposed.body().toString()).isEqualTo(201);
    String id = proposed.body().path("proposals").get(0).path("id").asText();
    assertThat(
            postJson(
                    base + "/proposals/" + id + "/answers",
                    """
                    {"identity": "bar_id", "actor": "recipient", "accept": "yes"}""")
                .code())
        .isEqualTo("api.malformed");
    Reply accepted =
        postJson(
            base + "/proposals/" + id + "/answers",
            """
            {"identity": "bar_id", "actor": "recipient", "accept": true}""");
    assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(201);
    assertThat(accepted.body().path("state").asText()).isEqualTo(":success");
    assertThat(get(base + "/verification").body().path("valid").asBoolean()).isTrue();
  }

  @Test
  void aScenarioUpdateNamesAScenarioByIdAndMapsStates() throws Exception {
    String process = startHandshake();
    String base = "/v1/workflow/processes/" + process;
    JsonNode v2 =
        Json.MAPPER.readTree(Files.readAllBytes(vector("scenarios/Handshake/scenario-v1.0.json")));
    ((com.fasterxml.jackson.databind.node.ObjectNode) v2).put("title", "Handshake 2");
    String v2id =
        post("/v1/workflow/scenarios", "application/json", Json.MAPPER.writeValueAsBytes(v2))
            .body()
            .path("id")
            .asText();
    Reply wrong =
        postJson(
            base + "/updates",
            """
            {"identity": "foo_id", "actor": "initiator", "scenario": "%s",
             "states": {"initial": "nowhere"}}"""
                .formatted(v2id));
    assertThat(wrong.code()).isEqualTo("workflow.scenario_update");
    Reply proposed =
        postJson(
            base + "/updates",
            """
            {"identity": "foo_id", "actor": "initiator", "scenario": "%s"}"""
                .formatted(v2id));
    assertThat(proposed.status()).as(proposed.body().toString()).isEqualTo(201);
    String id = proposed.body().path("proposals").get(0).path("id").asText();
    Reply accepted =
        postJson(
            base + "/proposals/" + id + "/answers",
            """
            {"identity": "bar_id", "actor": "recipient", "accept": true}""");
    assertThat(accepted.body().path("scenario").asText()).isEqualTo("Handshake 2");
  }

  @Test
  void theHandshakeRunsOverHttpAndItsChainVerifies() throws Exception {
    String process = startHandshake();
    assertThat(get("/v1/workflow/processes").body().path("processes").get(0).asText())
        .isEqualTo(process);

    Reply greeted = act(process, "foo_id", "initiator", "greet", null);
    assertThat(greeted.status()).as(greeted.body().toString()).isEqualTo(200);
    assertThat(greeted.body().path("state").asText()).isEqualTo("wait_on_recipient");

    Reply recipient = get("/v1/workflow/processes/" + process + "?actor=recipient");
    Set<String> actions = new HashSet<>();
    recipient.body().path("actions").forEach(a -> actions.add(a.asText()));
    assertThat(actions).containsExactlyInAnyOrder("reply", "ignore");

    Reply replied = act(process, "bar_id", "recipient", "reply", "not_good");
    assertThat(replied.body().path("state").asText()).isEqualTo("expect_sympathy");

    JsonNode events = get("/v1/workflow/processes/" + process + "/events").body().path("events");
    assertThat(events).hasSize(3);
    EventChain chain =
        EventChain.fromJson(get("/v1/workflow/processes/" + process + "/chain").body());
    assertThat(chain.id()).isEqualTo(process);
    assertThat(EventChainVerifier.verify(chain)).isEmpty();
    assertThat(chain.events().get(2).hash()).isEqualTo(events.get(2).path("hash").asText());

    JsonNode identities =
        get("/v1/workflow/processes/" + process + "/identities").body().path("identities");
    assertThat(identities.path("bar_id").path("signkeys").path("system").asText())
        .isEqualTo(NODE.publicKey().bytes().toBase58());
  }

  @Test
  void verificationJudgesEveryEventAndItsReceipt() throws Exception {
    String process = startHandshake();
    act(process, "foo_id", "initiator", "greet", null);
    JsonNode sound = get("/v1/workflow/processes/" + process + "/verification").body();
    assertThat(sound.path("valid").asBoolean()).as(sound.toString()).isTrue();
    assertThat(sound.path("events").asInt()).isEqualTo(2);
    assertThat(sound.path("anchored").asInt()).isEqualTo(2);

    forgeReceipts = true;
    act(process, "bar_id", "recipient", "reply", null);
    JsonNode forged = get("/v1/workflow/processes/" + process + "/verification").body();
    assertThat(forged.path("valid").asBoolean()).isFalse();
    assertThat(forged.path("problems")).hasSize(1);
    JsonNode problem = forged.path("problems").get(0);
    assertThat(problem.path("event").asInt()).isEqualTo(2);
    assertThat(problem.path("field").asText()).isEqualTo("receipt");
    assertThat(problem.path("code").asText()).isEqualTo("receipt.target");
  }

  @Test
  void scenariosAreListedAndServedAsAdded() throws Exception {
    String id = handshakeScenario();
    assertThat(handshakeScenario()).isEqualTo(id);
    JsonNode list = get("/v1/workflow/scenarios").body().path("scenarios");
    assertThat(list).hasSize(1);
    assertThat(list.get(0).path("title").asText()).isEqualTo("A handshake");
    JsonNode served = get("/v1/workflow/scenarios/" + id).body();
    assertThat(served)
        .isEqualTo(
            Json.MAPPER.readTree(
                Files.readAllBytes(vector("scenarios/Handshake/scenario-v1.0.json"))));
  }

  @Test
  void aYamlScenarioIsAccepted() throws Exception {
    Path yaml = vector("scenarios/basic-user-and-system.yml");
    String title = null;
    for (String line : Files.readAllLines(yaml)) {
      if (line.startsWith("title:")) {
        title = line.substring("title:".length()).trim().replaceAll("^['\"]|['\"]$", "");
      }
    }
    Reply added = post("/v1/workflow/scenarios", "application/yaml", Files.readAllBytes(yaml));
    assertThat(added.status()).as(added.body().toString()).isEqualTo(201);
    assertThat(added.body().path("title").asText()).isEqualTo(title);
  }

  @Test
  void theDiagramMarksTheCurrentState() throws Exception {
    String process = startHandshake();
    act(process, "foo_id", "initiator", "greet", null);
    String mermaid =
        get("/v1/workflow/processes/" + process + "/diagram").body().path("diagram").asText();
    assertThat(mermaid).startsWith("stateDiagram-v2");
    assertThat(mermaid).containsPattern("state \"wait_on_recipient\" as (s\\d+)");
    String id = mermaid.replaceAll("(?s).*state \"wait_on_recipient\" as (s\\d+).*", "$1");
    assertThat(mermaid).contains("class " + id + " current");

    Reply dot = get("/v1/workflow/processes/" + process + "/diagram?format=dot");
    assertThat(dot.body().path("diagram").asText()).startsWith("digraph");
    Reply svg = get("/v1/workflow/processes/" + process + "/diagram?format=svg");
    assertThat(svg.status()).isEqualTo(422);
    assertThat(svg.code()).isEqualTo("workflow.diagram_format");
  }

  @Test
  void refusalsCarryTheLibrarysCodeAndTheRightStatus() throws Exception {
    String process = startHandshake();
    Reply unknown = get("/v1/workflow/processes/nosuch");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.code()).isEqualTo("workflow.unknown_process");
    assertThat(get("/v1/workflow/scenarios/nosuch").status()).isEqualTo(404);

    Reply notYours = act(process, "bar_id", "initiator", "greet", null);
    assertThat(notYours.status()).isEqualTo(422);
    assertThat(notYours.code()).isEqualTo("workflow.not_your_actor");
    Reply wrongAction = act(process, "foo_id", "initiator", "complete", null);
    assertThat(wrongAction.status()).isEqualTo(422);
    assertThat(wrongAction.code()).isEqualTo("workflow.action_not_allowed");

    Reply badJson = postJson("/v1/workflow/processes/" + process + "/actions", "{\"actor\":");
    assertThat(badJson.status()).isEqualTo(400);
    assertThat(badJson.code()).isEqualTo("workflow.bad_json");
    Reply missing = postJson("/v1/workflow/processes/" + process + "/actions", "{}");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.code()).isEqualTo("api.malformed");
    Reply text = post("/v1/workflow/processes", "text/plain", "x".getBytes(StandardCharsets.UTF_8));
    assertThat(text.status()).isEqualTo(415);

    Reply tooLarge = post("/v1/workflow/scenarios", "application/json", new byte[70 * 1024]);
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(tooLarge.code()).isEqualTo("api.too_large");
    Reply badScenario = postJson("/v1/workflow/scenarios", "{\"title\": \"no states\"}");
    assertThat(badScenario.status()).isEqualTo(422);
    assertThat(badScenario.code()).isEqualTo("workflow.scenario");

    // none of the refusals recorded anything
    assertThat(get("/v1/workflow/processes/" + process + "/events").body().path("events"))
        .hasSize(1);
  }

  @Test
  void tooManyIdentitiesAreRefused() throws Exception {
    String scenario = handshakeScenario();
    StringBuilder list = new StringBuilder();
    for (int i = 0; i <= WorkflowRoutes.MAX_IDENTITIES; i++) {
      list.append(i == 0 ? "" : ",").append(identity("id" + i));
    }
    Reply refused =
        postJson(
            "/v1/workflow/processes",
            "{\"scenario\": \"" + scenario + "\", \"identities\": [" + list + "]}");
    assertThat(refused.status()).isEqualTo(413);
    assertThat(get("/v1/workflow/processes").body().path("processes")).isEmpty();
  }

  @Test
  void processChangesReachWebSocketClients() throws Exception {
    String process = startHandshake();
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    http.newWebSocketBuilder()
        .buildAsync(
            URI.create("ws://127.0.0.1:" + server.port() + "/v1/streams/processes"),
            new WebSocket.Listener() {
              @Override
              public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                received.add(data.toString());
                ws.request(1);
                return null;
              }
            })
        .join();
    for (int i = 0; i < 500 && routes.feedClients() == 0; i++) {
      Thread.sleep(10);
    }
    act(process, "foo_id", "initiator", "greet", null);
    JsonNode message = Json.MAPPER.readTree(received.poll(10, TimeUnit.SECONDS));
    assertThat(message.path("type").asText()).isEqualTo("process");
    assertThat(message.path("process").path("id").asText()).isEqualTo(process);
    assertThat(message.path("process").path("state").asText()).isEqualTo("wait_on_recipient");
    assertThat(message.path("process").path("events").asInt()).isEqualTo(2);
  }

  @Test
  void everyServedRouteIsDocumentedAndNothingElse() throws Exception {
    JsonNode served =
        Json.MAPPER.readTree(
            http.send(to("/openapi.json").GET().build(), HttpResponse.BodyHandlers.ofByteArray())
                .body());
    Set<Routes.Route> documented = new HashSet<>();
    served
        .path("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fieldNames()
                    .forEachRemaining(m -> documented.add(new Routes.Route(m, path.getKey()))));
    assertThat(documented).containsExactlyInAnyOrderElementsOf(server.routes());
  }
}
