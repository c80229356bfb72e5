package io.stele.workflow.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.error.SteleException;
import io.stele.workflow.Vectors;
import io.stele.workflow.chain.ChainComparison;
import io.stele.workflow.chain.ChainId;
import io.stele.workflow.chain.Event;
import io.stele.workflow.chain.EventChain;
import io.stele.workflow.json.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventChainStoreTest {
  private static final String ID = "2arvKCGdNNAAJmxbHAHvCJs2zaBdwVktTnDwq8AUcFNAcYVeryk8awfeQJqdtD";
  private static final EventChain MAIN =
      EventChain.read(Vectors.lto("event-chains/" + ID + ".json"));
  private static final EventChain FORK =
      EventChain.read(Vectors.lto("event-chains/" + ID + ".fork-1-event.json"));

  @TempDir Path dir;

  private static EventChain prefix(int length) {
    return new EventChain(
        ID, MAIN.events().subList(0, length), MAIN.identities(), MAIN.resources());
  }

  @Test
  void aChainGrowsAndSurvivesReopening() {
    try (EventChainStore store = EventChainStore.open(dir)) {
      assertThat(store.get(ChainId.fromBase58(ID))).isEmpty();
      assertThat(store.receive(prefix(1))).isEqualTo(new ChainComparison.Behind("left", 0, 1));
      assertThat(store.receive(MAIN)).isEqualTo(new ChainComparison.Behind("left", 1, 3));
      assertThat(store.receive(prefix(2))).isEqualTo(new ChainComparison.Behind("right", 2, 3));
      assertThat(store.receive(MAIN)).isEqualTo(new ChainComparison.Same(3));
    }
    try (EventChainStore store = EventChainStore.open(dir)) {
      assertThat(store.get(ChainId.fromBase58(ID))).contains(MAIN);
    }
  }

  @Test
  void theStoreListsEveryChainItHolds() {
    java.util.Map<String, EventChain> byId = new java.util.LinkedHashMap<>();
    for (Path file : Vectors.list("event-chains", ".json")) {
      EventChain chain = EventChain.read(file);
      if (!file.getFileName().toString().contains(".fork")
          && io.stele.workflow.chain.EventChainVerifier.verify(chain).isEmpty()) {
        byId.putIfAbsent(chain.id(), chain);
      }
    }
    List<EventChain> chains = List.copyOf(byId.values());
    assertThat(chains).hasSizeGreaterThan(1);
    try (EventChainStore store = EventChainStore.open(dir)) {
      assertThat(store.ids()).isEmpty();
      chains.forEach(store::receive);
    }
    try (EventChainStore store = EventChainStore.open(dir)) {
      assertThat(store.ids())
          .extracting(ChainId::toBase58)
          .containsExactlyInAnyOrderElementsOf(chains.stream().map(EventChain::id).toList());
      assertThat(store.all()).containsExactlyInAnyOrderElementsOf(chains);
    }
  }

  @Test
  void aForkIsRefusedAndNothingChanges() {
    try (EventChainStore store = EventChainStore.open(dir)) {
      store.receive(MAIN);
      assertThatThrownBy(() -> store.receive(FORK))
          .isInstanceOfSatisfying(
              SteleException.class, e -> assertThat(e.code()).isEqualTo("workflow.chain_fork"))
          .hasMessage(
              "chain "
                  + ID
                  + " forks after 1 events: stored HMVbGHtcYm6DTciYAhkJkzDUnW1j1Mqo29X37rir5ufo,"
                  + " received CTjP75wdQsoeezu2VReYW3Wgezy1BewtZ2gi99o9kSFY; not resolved");
      assertThat(store.get(ChainId.fromBase58(ID))).contains(MAIN);
    }
  }

  @Test
  void aChainThatDoesNotVerifyIsNotStored() {
    List<Event> events = new ArrayList<>(MAIN.events());
    Event e = events.get(2);
    events.set(
        2,
        new Event(
            e.origin(),
            e.body(),
            e.timestamp() - 1,
            e.previous(),
            e.signkey(),
            e.signature(),
            e.hash(),
            e.receipt(),
            e.original()));
    try (EventChainStore store = EventChainStore.open(dir)) {
      assertThatThrownBy(() -> store.receive(new EventChain(ID, events, null, null)))
          .isInstanceOfSatisfying(
              SteleException.class,
              ex -> assertThat(ex.code()).isEqualTo("workflow.chain_invalid"));
      assertThat(store.get(ChainId.fromBase58(ID))).isEmpty();
    }
  }

  @Test
  void aMergedCopyReplacesTheStoredOneIncludingItsTail() {
    try (EventChainStore store = EventChainStore.open(dir)) {
      store.receive(MAIN);
      assertThat(FORK.events().size()).isLessThan(MAIN.events().size());

      store.replace(FORK);

      assertThat(store.get(ChainId.fromBase58(ID))).contains(FORK);
    }
  }

  @Test
  void aCopyWithReceiptsTheStoreLacksAddsThem() {
    List<Event> events = new ArrayList<>(MAIN.events());
    events.set(1, events.get(1).withReceipt(Json.parse("{\"height\":7}", "receipt")));
    EventChain anchored = new EventChain(ID, events, MAIN.identities(), MAIN.resources());
    try (EventChainStore store = EventChainStore.open(dir)) {
      store.receive(MAIN);

      assertThat(store.receive(anchored)).isEqualTo(new ChainComparison.Same(3));

      assertThat(store.get(ChainId.fromBase58(ID))).contains(anchored);
    }
  }
}
