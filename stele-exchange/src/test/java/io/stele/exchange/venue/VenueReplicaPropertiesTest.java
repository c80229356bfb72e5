package io.stele.exchange.venue;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.random.SeededRng;
import io.stele.exchange.engine.Engine;
import io.stele.exchange.engine.OrderType;
import io.stele.exchange.engine.Side;
import io.stele.exchange.engine.TimeInForce;
import io.stele.exchange.journal.Recovery;
import io.stele.exchange.sealed.OrderPayload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever clients send, the replica that answers queries holds exactly the state of the pipeline's
 * engine and of a recovery from the journal, and the book deltas heard by a listener rebuild the
 * book the venue shows.
 */
class VenueReplicaPropertiesTest {
  record Op(int kind, long account, long order, boolean buy, long price, long lots) {}

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<Op> op =
        Combinators.combine(
                Arbitraries.integers().between(0, 9),
                Arbitraries.longs().between(11, 13),
                Arbitraries.longs().between(1, 30),
                Arbitraries.of(true, false),
                Arbitraries.longs().between(95, 105),
                Arbitraries.longs().between(1, 5))
            .as(Op::new);
    return op.list().ofMinSize(1).ofMaxSize(60);
  }

  @Property(tries = 15)
  void theReplicaIsThePipelinesStateAndDeltasRebuildTheBook(@ForAll("ops") List<Op> ops)
      throws IOException {
    Path dir = Files.createTempDirectory("venue-prop");
    ManualClock clock = new ManualClock(1_000);
    KeyPair faucet = KeyPair.generate(new SeededRng(1));
    VenueConfig config = VenueTest.config(Optional.of(faucet));
    Venue venue = Venue.open(dir, config, clock, new SeededRng(2), null, null);
    List<BookDelta> deltas = new CopyOnWriteArrayList<>();
    venue.onBook(VenueTest.MARKET, deltas::add);
    for (long account = 11; account <= 13; account++) {
      venue.deposit(faucet.publicKey(), account, VenueTest.STL, 1_000_000);
      venue.deposit(faucet.publicKey(), account, VenueTest.USD, 1_000_000);
    }
    List<CompletableFuture<Outcome>> answers = new CopyOnWriteArrayList<>();
    for (Op op : ops) {
      answers.add(
          switch (op.kind()) {
            case 0 -> venue.cancel(op.account(), op.order());
            case 1 -> venue.amendTotal(op.account(), op.order(), op.price(), op.lots() * 100);
            case 2 -> venue.amend(op.account(), op.order(), op.price(), op.lots() * 100);
            default ->
                venue.place(
                    op.account(),
                    new OrderPayload.Place(
                        op.order(),
                        VenueTest.MARKET,
                        op.buy() ? Side.BUY : Side.SELL,
                        OrderType.LIMIT,
                        op.kind() == 9 ? TimeInForce.IOC : TimeInForce.GTC,
                        false,
                        op.price(),
                        op.lots() * 100));
          });
    }
    answers.forEach(CompletableFuture::join);
    byte[] replica = venue.stateHash();
    Depth depth = venue.book(VenueTest.MARKET, 1000);
    venue.close();

    assertThat(venue.closedEngine().stateHash()).isEqualTo(replica);
    Engine recovered = Recovery.recover(dir).engine();
    assertThat(recovered.stateHash()).isEqualTo(replica);
    assertThat(rebuild(deltas, Side.BUY)).isEqualTo(depth.bids());
    assertThat(rebuild(deltas, Side.SELL)).isEqualTo(depth.asks());
    delete(dir);
  }

  private static void delete(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** The levels the deltas leave, best first: highest bid, lowest ask. */
  private static List<BookLevel> rebuild(List<BookDelta> deltas, Side side) {
    TreeMap<Long, Long> levels =
        new TreeMap<>(
            side == Side.BUY ? Comparator.<Long>reverseOrder() : Comparator.<Long>naturalOrder());
    for (BookDelta d : deltas) {
      if (d.side() != side) {
        continue;
      }
      if (d.size() == 0) {
        levels.remove(d.price());
      } else {
        levels.put(d.price(), d.size());
      }
    }
    return levels.entrySet().stream().map(e -> new BookLevel(e.getKey(), e.getValue())).toList();
  }
}
