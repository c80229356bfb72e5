package io.stele.node.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.api.ApiLimits;
import io.stele.api.ApiServer;
import io.stele.api.workflow.ChainDeliveryRoutes;
import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.core.random.SeededRng;
import io.stele.workflow.WorkflowService;
import io.stele.workflow.chain.Event;
import io.stele.workflow.chain.EventChain;
import io.stele.workflow.conflict.ForkResolution;
import io.stele.workflow.distribution.Backoff;
import io.stele.workflow.distribution.ChainPage;
import io.stele.workflow.distribution.EventDelivery;
import io.stele.workflow.distribution.Outbox;
import io.stele.workflow.distribution.PartyNode;
import io.stele.workflow.identity.Identity;
import io.stele.workflow.json.Json;
import io.stele.workflow.store.EventChainStore;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two parties' nodes run one handshake, each pushing its new events to the other over HTTP. */
class HttpDeliveryTest {
  @TempDir Path dir;

  private final ManualClock clock = new ManualClock(1_600_000_000_000L);
  private final List<AutoCloseable> open = new ArrayList<>();
  private final HttpEventDelivery http = new HttpEventDelivery(Duration.ofSeconds(10));

  private record Party(String url, KeyPair key, WorkflowService service, PartyNode node) {}

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private Party party(String name, int seed) throws Exception {
    int port = freePort();
    String url = "http://127.0.0.1:" + port;
    KeyPair key = KeyPair.generate(new SeededRng(seed));
    EventChainStore store = EventChainStore.open(dir.resolve(name + "-chains"));
    Outbox outbox =
        Outbox.open(dir.resolve(name + "-outbox"), clock, new SeededRng(seed), Backoff.DEFAULT);
    open.add(store);
    open.add(outbox);
    PartyNode node =
        new PartyNode(url, store, outbox, new ForkResolution(hash -> Optional.empty(), key, clock));
    WorkflowService service = new WorkflowService(key, clock, new SeededRng(seed));
    service.addListener((id, chain, process) -> node.publish(chain));
    node.onAccepted(service::accept);
    open.add(
        new ApiServer(ApiLimits.DEFAULT, List.of(new ChainDeliveryRoutes(node, ApiLimits.DEFAULT)))
            .start("127.0.0.1", port));
    return new Party(url, key, service, node);
  }

  private static Identity identity(String id, Party party) {
    return new Identity(id, party.url(), Map.of("system", party.key().publicKey()), null);
  }

  private void pump(Party from) {
    Outbox.Round round = from.node().pump(http);
    assertThat(round.refused()).isEmpty();
    assertThat(round.delivered()).isPositive();
  }

  @Test
  void eachPartysStepReachesTheOtherNode() throws Exception {
    Party alice = party("alice", 1);
    Party bob = party("bob", 2);
    String scenario =
        alice
            .service()
            .loadScenario(
                Path.of(
                    System.getProperty("stele.vectors"),
                    "lto/scenarios/Handshake/scenario-v1.0.json"));
    String process =
        alice
            .service()
            .start(scenario, List.of(identity("foo_id", alice), identity("bar_id", bob)));
    alice.service().perform(process, "foo_id", "initiator", "greet", null, null);
    pump(alice);
    assertThat(bob.service().state(process, null).path("state").asText())
        .isEqualTo("wait_on_recipient");

    bob.service().perform(process, "bar_id", "recipient", "reply", "not_good", null);
    pump(bob);
    EventChain atAlice = alice.service().chain(process);
    assertThat(atAlice.events()).hasSize(3);
    assertThat(atAlice.latestHash()).isEqualTo(bob.service().chain(process).latestHash());
    assertThat(alice.service().state(process, null).path("state").asText())
        .isEqualTo("expect_sympathy");
  }

  @Test
  void aNodeThatIsNoPartyRefusesTheChainAndAnAbsentOneIsRetried() throws Exception {
    Party alice = party("alice", 1);
    Party carol = party("carol", 3);
    String scenario =
        alice
            .service()
            .loadScenario(
                Path.of(
                    System.getProperty("stele.vectors"),
                    "lto/scenarios/Handshake/scenario-v1.0.json"));
    String process = alice.service().start(scenario, List.of(identity("foo_id", alice)));
    EventChain chain = alice.service().chain(process);

    assertThatThrownBy(() -> http.deliver(carol.url(), ChainPage.whole(chain)))
        .isInstanceOfSatisfying(
            SteleException.class, e -> assertThat(e.code()).isEqualTo("workflow.not_a_party"));
    assertThat(carol.node().chain(process)).isEmpty();

    assertThatThrownBy(() -> http.deliver("http://127.0.0.1:" + freePort(), ChainPage.whole(chain)))
        .isInstanceOfSatisfying(
            SteleException.class, e -> assertThat(e.code()).isEqualTo(EventDelivery.FAILED));
  }

  private String handshake(Party alice, Party bob) {
    String scenario =
        alice
            .service()
            .loadScenario(
                Path.of(
                    System.getProperty("stele.vectors"),
                    "lto/scenarios/Handshake/scenario-v1.0.json"));
    return alice
        .service()
        .start(scenario, List.of(identity("foo_id", alice), identity("bar_id", bob)));
  }

  /** The real HTTP delivery, with every page it sent kept. */
  private final class Recording implements EventDelivery {
    final List<ChainPage> pages = new ArrayList<>();

    @Override
    public int deliver(String node, ChainPage page) {
      pages.add(page);
      return http.deliver(node, page);
    }
  }

  @Test
  void aChainLargerThanOneRequestIsDeliveredInPagesAndThenOnlyWhatTheOtherLacks() throws Exception {
    Party alice = party("alice", 1);
    Party bob = party("bob", 2);
    String process = handshake(alice, bob);
    String note = "n".repeat(10_000);
    for (int i = 0; i < 100; i++) {
      alice.service().comment(process, "foo_id", "initiator", note);
    }
    EventChain chain = alice.service().chain(process);
    int wholeBytes = Json.write(chain.toJson()).getBytes(StandardCharsets.UTF_8).length;
    assertThat(wholeBytes).isGreaterThan((int) ApiLimits.DEFAULT.maxRequestBytes());

    Recording recording = new Recording();
    Outbox.Round round = alice.node().pump(recording);

    assertThat(round.refused()).isEmpty();
    assertThat(round.delivered()).isEqualTo(1);
    assertThat(recording.pages).hasSizeGreaterThan(1);
    assertThat(recording.pages)
        .allSatisfy(
            page ->
                assertThat(Json.write(page.toJson()).getBytes(StandardCharsets.UTF_8).length)
                    .isLessThan((int) ApiLimits.DEFAULT.maxRequestBytes()));
    assertThat(bob.node().chain(process).orElseThrow().latestHash()).isEqualTo(chain.latestHash());
    assertThat(bob.service().state(process, null).path("comments")).hasSize(100);

    alice.service().perform(process, "foo_id", "initiator", "greet", null, null);
    recording.pages.clear();
    alice.node().pump(recording);

    assertThat(recording.pages).hasSize(1);
    assertThat(recording.pages.getFirst().from()).isEqualTo(chain.events().size());
    assertThat(recording.pages.getFirst().events()).hasSize(1);
    assertThat(bob.service().state(process, null).path("state").asText())
        .isEqualTo("wait_on_recipient");
  }

  @Test
  void refusalsOverHttpCarryTheReasonAndChangeNothing() throws Exception {
    Party alice = party("alice", 1);
    Party bob = party("bob", 2);
    String process = handshake(alice, bob);
    pump(alice);
    alice.service().perform(process, "foo_id", "initiator", "greet", null, null);
    EventChain good = alice.service().chain(process);
    Event first = good.events().getFirst();
    Event step = good.events().get(1);

    Event badlySigned =
        new Event(
            step.origin(),
            step.body(),
            step.timestamp(),
            step.previous(),
            step.signkey(),
            first.signature(),
            step.hash(),
            null,
            null);
    assertRefusedOverHttp(bob, good, badlySigned, "workflow.event_signature");

    Event unlinked = Event.sign(null, step.bodyBytes(), step.timestamp(), step.hash(), alice.key());
    assertRefusedOverHttp(bob, good, unlinked, "workflow.event_link");

    KeyPair outsider = KeyPair.generate(new SeededRng(99));
    Event stranger = Event.sign(null, step.bodyBytes(), step.timestamp(), first.hash(), outsider);
    assertRefusedOverHttp(bob, good, stranger, "workflow.event_signer");

    ChainPage detached =
        new ChainPage(good.id(), 5, List.of(step), good.identities(), good.resources(), true);
    assertThatThrownBy(() -> http.deliver(bob.url(), detached))
        .isInstanceOfSatisfying(
            SteleException.class,
            e -> {
              assertThat(e.code()).isEqualTo(EventDelivery.GAP);
              assertThat(e.getMessage()).contains("holds 1 events");
            });

    assertThat(bob.node().chain(process).orElseThrow().events()).hasSize(1);
    assertThat(bob.service().history(process)).hasSize(1);
  }

  private void assertRefusedOverHttp(Party to, EventChain good, Event second, String code) {
    EventChain copy =
        new EventChain(
            good.id(),
            List.of(good.events().getFirst(), second),
            good.identities(),
            good.resources());
    assertThatThrownBy(() -> http.deliver(to.url(), ChainPage.whole(copy)))
        .isInstanceOfSatisfying(
            SteleException.class,
            e -> {
              assertThat(e.code()).isEqualTo(code);
              assertThat(e.getMessage()).contains("event 1");
            });
  }
}
