package io.stele.api.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stele.api.ApiLimits;
import io.stele.api.ApiServer;
import io.stele.api.Json;
import io.stele.api.Routes;
import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.random.SeededRng;
import io.stele.workflow.WorkflowService;
import io.stele.workflow.chain.ChainId;
import io.stele.workflow.chain.Event;
import io.stele.workflow.chain.EventChain;
import io.stele.workflow.conflict.ForkResolution;
import io.stele.workflow.distribution.Backoff;
import io.stele.workflow.distribution.Outbox;
import io.stele.workflow.distribution.PartyNode;
import io.stele.workflow.identity.Identity;
import io.stele.workflow.store.EventChainStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The route other parties' nodes push chains to, over real HTTP. */
class ChainDeliveryRoutesTest {
  private static final ApiLimits LIMITS = new ApiLimits(64 * 1024, 16 * 1024, 10, 10);
  private static final KeyPair KEY = KeyPair.fromSeed(new byte[32]);

  @TempDir Path dir;

  private final ManualClock clock = new ManualClock(1_600_000_000_000L);
  private final HttpClient http = HttpClient.newHttpClient();
  private EventChainStore store;
  private Outbox outbox;
  private PartyNode party;
  private ApiServer server;

  private record Reply(int status, JsonNode body) {}

  @BeforeEach
  void start() {
    store = EventChainStore.open(dir.resolve("chains"));
    outbox = Outbox.open(dir.resolve("outbox"), clock, new SeededRng(1), Backoff.DEFAULT);
    party =
        new PartyNode("me", store, outbox, new ForkResolution(h -> Optional.empty(), KEY, clock));
    server =
        new ApiServer(LIMITS, List.of(new ChainDeliveryRoutes(party, LIMITS)))
            .start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    server.close();
    outbox.close();
    store.close();
  }

  private Reply push(byte[] body) throws Exception {
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/v1/workflow/chains"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    return new Reply(response.statusCode(), Json.MAPPER.readTree(response.body()));
  }

  private String chainNaming(String node) {
    WorkflowService other = new WorkflowService(KEY, clock, new SeededRng(2));
    String scenario =
        other.loadScenario(
            Path.of(
                System.getProperty("stele.vectors"), "lto/scenarios/Handshake/scenario-v1.0.json"));
    String process =
        other.start(
            scenario,
            List.of(new Identity("foo_id", node, Map.of("system", KEY.publicKey()), null)));
    return io.stele.workflow.json.Json.write(other.chain(process).toJson());
  }

  @Test
  void aCopyIsStoredOnceAndRepeatsChangeNothing() throws Exception {
    byte[] chain = chainNaming("me").getBytes(StandardCharsets.UTF_8);
    Reply first = push(chain);
    assertThat(first.status()).as(first.body().toString()).isEqualTo(200);
    assertThat(first.body().path("outcome").asText()).isEqualTo("NEW");
    assertThat(party.chain(first.body().path("chain").asText())).isPresent();
    assertThat(push(chain).body().path("outcome").asText()).isEqualTo("ALREADY_HAD");
  }

  @Test
  void badCopiesAreRefusedWithTheirCodes() throws Exception {
    Reply notJson = push("{".getBytes(StandardCharsets.UTF_8));
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.body().path("code").asText()).isEqualTo("workflow.bad_json");

    Reply notAChain = push("{\"events\": 3}".getBytes(StandardCharsets.UTF_8));
    assertThat(notAChain.status()).isEqualTo(400);
    assertThat(notAChain.body().path("code").asText()).isEqualTo("workflow.chain_format");

    Reply someoneElses = push(chainNaming("other").getBytes(StandardCharsets.UTF_8));
    assertThat(someoneElses.status()).isEqualTo(422);
    assertThat(someoneElses.body().path("code").asText()).isEqualTo("workflow.not_a_party");

    String tampered = chainNaming("me").replaceFirst("\"timestamp\":(\\d+)", "\"timestamp\":1");
    Reply forged = push(tampered.getBytes(StandardCharsets.UTF_8));
    assertThat(forged.status()).isEqualTo(422);
    assertThat(forged.body().path("code").asText()).startsWith("workflow.event_");

    Reply tooLarge = push(new byte[70 * 1024]);
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(
            store.get(
                ChainId.fromBase58(Json.MAPPER.readTree(chainNaming("me")).path("id").asText())))
        .isEmpty();
  }

  @Test
  void aForkThatCannotBeDecidedIsRefusedAndListedUntilACopyAgreesPastIt() throws Exception {
    WorkflowService other = new WorkflowService(KEY, clock, new SeededRng(2));
    String scenario =
        other.loadScenario(
            Path.of(
                System.getProperty("stele.vectors"), "lto/scenarios/Handshake/scenario-v1.0.json"));
    String process =
        other.start(
            scenario,
            List.of(new Identity("foo_id", "me", Map.of("system", KEY.publicKey()), null)));
    other.perform(process, "foo_id", "initiator", "greet", null, null);
    EventChain ours = other.chain(process);
    Event step = ours.events().get(1);
    Event rival = Event.sign(null, step.bodyBytes(), step.timestamp() + 5, step.previous(), KEY);
    EventChain theirs =
        new EventChain(
            ours.id(),
            List.of(ours.events().getFirst(), rival),
            ours.identities(),
            ours.resources());
    assertThat(push(bytes(ours)).body().path("outcome").asText()).isEqualTo("NEW");

    Reply undecided = push(bytes(theirs));

    assertThat(undecided.status()).isEqualTo(422);
    assertThat(undecided.body().path("code").asText()).isEqualTo("workflow.fork_unresolved");
    assertThat(store.get(ChainId.fromBase58(ours.id()))).contains(ours);
    JsonNode forks = get("/v1/workflow/forks").path("forks");
    assertThat(forks).hasSize(1);
    assertThat(forks.get(0).path("chain").asText()).isEqualTo(ours.id());
    assertThat(forks.get(0).path("common").asInt()).isEqualTo(1);
    assertThat(forks.get(0).path("ours").asText()).isEqualTo(step.hash());
    assertThat(forks.get(0).path("theirs").asText()).isEqualTo(rival.hash());

    other.comment(process, "foo_id", "initiator", "agreed past the fork");
    assertThat(push(bytes(other.chain(process))).body().path("outcome").asText()).isEqualTo("NEW");
    assertThat(get("/v1/workflow/forks").path("forks")).isEmpty();
  }

  private static byte[] bytes(EventChain chain) {
    return io.stele.workflow.json.Json.write(chain.toJson()).getBytes(StandardCharsets.UTF_8);
  }

  private JsonNode get(String path) throws Exception {
    return Json.MAPPER.readTree(
        http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray())
            .body());
  }

  @Test
  void theRouteIsDocumented() throws Exception {
    JsonNode served =
        Json.MAPPER.readTree(
            http.send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.port() + "/openapi.json"))
                        .build(),
                    HttpResponse.BodyHandlers.ofByteArray())
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
