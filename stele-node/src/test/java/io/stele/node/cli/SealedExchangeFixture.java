package io.stele.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.anchor.Anchorer;
import io.stele.core.bytes.Bytes;
import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.random.SeededRng;
import io.stele.exchange.engine.Command;
import io.stele.exchange.engine.Engine;
import io.stele.exchange.engine.EventSink;
import io.stele.exchange.engine.OrderType;
import io.stele.exchange.engine.SelfTradePrevention;
import io.stele.exchange.engine.Side;
import io.stele.exchange.engine.TimeInForce;
import io.stele.exchange.sealed.BatchArchive;
import io.stele.exchange.sealed.BatchOpener;
import io.stele.exchange.sealed.BatchPublisher;
import io.stele.exchange.sealed.EpochKey;
import io.stele.exchange.sealed.KeyShare;
import io.stele.exchange.sealed.OpenedBatch;
import io.stele.exchange.sealed.OrderPayload;
import io.stele.exchange.sealed.OrderSealer;
import io.stele.exchange.sealed.OutcomeArchive;
import io.stele.exchange.sealed.SealedBatch;
import io.stele.exchange.sealed.SealedExchange;
import io.stele.exchange.sealed.Sequencer;
import io.stele.exchange.sealed.SequencerConfig;
import io.stele.exchange.sealed.SignedEpoch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/** A two-client sealed exchange of one epoch (two batches, four trades), published to files. */
final class SealedExchangeFixture {
  static final int CHAIN = 'T';

  private SealedExchangeFixture() {}

  private static KeyPair client(int b) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) b);
    return KeyPair.fromSeed(seed);
  }

  private static OrderPayload limit(long id, Side side, long price, long size) {
    return new OrderPayload.Place(
        id, 1, side, OrderType.LIMIT, TimeInForce.GTC, false, price, size);
  }

  /**
   * The operator's side: sequence, publish (anchoring each batch when {@code anchorer} is not
   * null), release the keys, open, execute, publish outcomes. Returns the sealed batches.
   */
  static List<SealedBatch> publish(Path batches, Path keys, Anchorer anchorer) {
    return publish(batches, keys, anchorer, false);
  }

  /**
   * As {@link #publish(Path, Path, Anchorer)}; with {@code bundled}, Bob sends orders 4 and 5 as
   * one bundle (the same sequence, so the same trades; batch 1 then holds five envelopes, as a
   * bundle is not split).
   */
  static List<SealedBatch> publish(Path batches, Path keys, Anchorer anchorer, boolean bundled) {
    return publish(batches, keys, anchorer, bundled, null);
  }

  /**
   * As {@link #publish(Path, Path, Anchorer, boolean)}; with {@code keyService}, the epoch is dealt
   * by that key service: its signed epoch is published and {@code exchange.json} names it.
   */
  static List<SealedBatch> publish(
      Path batches, Path keys, Anchorer anchorer, boolean bundled, KeyPair keyService) {
    SeededRng rng = new SeededRng(7);
    ManualClock clock = new ManualClock(1_700_000_000_000L);
    KeyPair alice = client(1);
    KeyPair bob = client(2);
    Engine start = new Engine();
    EventSink none = new EventSink() {};
    start.apply(Command.asset(0, 8), none);
    start.apply(Command.asset(1, 2), none);
    start.apply(
        Command.market(1, 0, 1, 100, 1_000_000, 100, 200, SelfTradePrevention.CANCEL_NEWEST), none);
    for (KeyPair c : List.of(alice, bob)) {
      start.apply(Command.deposit(SealedExchange.accountOf(c.publicKey()), 0, 100_000_000), none);
      start.apply(Command.deposit(SealedExchange.accountOf(c.publicKey()), 1, 1_000_000), none);
    }
    OutcomeArchive outcomes = new OutcomeArchive(batches);
    outcomes.writeStart(
        keyService == null
            ? new OutcomeArchive.Manifest(CHAIN, 2)
            : new OutcomeArchive.Manifest(
                CHAIN, 2, null, OutcomeArchive.Custody.KEY_SERVICE, keyService.publicKey()),
        start);

    BatchArchive archive = new BatchArchive(batches);
    EpochKey.Deal deal = EpochKey.deal(CHAIN, 0, 2, 3, rng);
    if (keyService != null) {
      // the holders' agreement keys: any 32 bytes serve here, the audit does not use them
      List<Bytes> holders = Collections.nCopies(3, Bytes.wrap(new byte[32]));
      archive.writeSignedEpoch(SignedEpoch.sign(deal.announcement(), holders, keyService));
    }
    archive.writeEpoch(deal.announcement());
    Sequencer sequencer =
        new Sequencer(new SequencerConfig(CHAIN, 4, 100, 2), clock, deal.announcement());
    BatchPublisher publisher = new BatchPublisher(archive, anchorer);
    OrderSealer a = new OrderSealer(alice, deal.announcement(), rng, 0);
    OrderSealer b = new OrderSealer(bob, deal.announcement(), rng, 0);
    List<SealedBatch> sealed = new ArrayList<>();
    Consumer<SealedBatch> publish =
        batch -> {
          publisher.publish(batch).join();
          sealed.add(batch);
        };
    record Submission(OrderSealer sealer, OrderPayload payload) {}
    List<List<Submission>> groups =
        List.of(
            List.of(new Submission(a, limit(1, Side.SELL, 10_000, 3_000_000))),
            List.of(new Submission(b, limit(2, Side.BUY, 10_100, 2_000_000))),
            List.of(new Submission(a, limit(3, Side.SELL, 10_000, 1_000_000))),
            List.of(
                new Submission(b, limit(4, Side.BUY, 10_000, 2_000_000)),
                new Submission(b, limit(5, Side.BUY, 10_000, 1_000_000))),
            List.of(new Submission(a, limit(6, Side.SELL, 9_900, 1_000_000))));
    for (List<Submission> group : groups) {
      if (bundled && group.size() > 1) {
        List<byte[]> payloads = group.stream().map(s -> s.payload().encode()).toList();
        sequencer
            .admitBundle(group.get(0).sealer().sealBundle(payloads).bytes().toArray())
            .ifPresent(publish);
        continue;
      }
      for (Submission s : group) {
        sequencer.admit(s.sealer().seal(s.payload().encode()).bytes().toArray()).ifPresent(publish);
      }
    }
    clock.advance(100);
    sequencer.tick().ifPresent(publish);
    assertThat(sequencer.epochClosed()).isTrue();

    List<KeyShare> released = deal.shares().subList(0, 2);
    new BatchArchive(keys).writeShares(0, released);
    BatchOpener opener = new BatchOpener(EpochKey.recover(deal.announcement(), released));
    SealedExchange exchange = new SealedExchange(start);
    for (SealedBatch batch : sealed) {
      OpenedBatch opened = opener.open(batch);
      archive.writeRejections(opened);
      outcomes.write(exchange.apply(opened));
    }
    return sealed;
  }
}
