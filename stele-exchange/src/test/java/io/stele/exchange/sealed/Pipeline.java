package io.stele.exchange.sealed;

import io.stele.core.anchor.AnchorProof;
import io.stele.core.bytes.Bytes;
import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.random.SeededRng;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The whole sealed flow in one place for tests: a dealer, three key holders (2 of 3), clients, the
 * sequencer, publication to a directory, anchoring, share release after each epoch closes, and
 * opening. Deterministic for a seed.
 */
final class Pipeline {
  static final int CHAIN = 'T';
  static final int HOLDERS = 3;
  static final int THRESHOLD = 2;

  final SeededRng rng;
  final ManualClock clock = new ManualClock(1_700_000_000_000L);
  final SequencerConfig config;
  final InMemoryAnchorer anchorer = new InMemoryAnchorer();
  final BatchArchive archive;
  private final BatchPublisher publisher;
  final List<KeyPair> clients = new ArrayList<>();
  final List<SealedBatch> batches = new ArrayList<>();
  final List<OpenedBatch> opened = new ArrayList<>();

  /** Payloads in the order they were admitted, which is the order they must come out. */
  final List<Bytes> admitted = new ArrayList<>();

  private final List<OrderSealer> sealers = new ArrayList<>();
  private final List<KeyHolder> holders = new ArrayList<>();
  private final List<SealedBatch> epochBatches = new ArrayList<>();
  private final Sequencer sequencer;
  private EpochKey.Deal deal;

  Pipeline(long seed, Path directory, int clientCount, SequencerConfig config) {
    this.rng = new SeededRng(seed);
    this.config = config;
    this.archive = new BatchArchive(directory);
    this.publisher = new BatchPublisher(archive, anchorer);
    for (int i = 0; i < clientCount; i++) {
      clients.add(KeyPair.generate(rng));
    }
    deal = EpochKey.deal(CHAIN, 0, THRESHOLD, HOLDERS, rng);
    this.sequencer = new Sequencer(config, clock, deal.announcement());
    startEpoch(SealedBatch.GENESIS, 0);
  }

  static SequencerConfig smallBatches() {
    return new SequencerConfig(CHAIN, 4, 100, 2);
  }

  Sequencer sequencer() {
    return sequencer;
  }

  EpochAnnouncement epoch() {
    return deal.announcement();
  }

  EpochKey.Deal deal() {
    return deal;
  }

  private void startEpoch(Bytes afterHash, long afterSequence) {
    archive.writeEpoch(deal.announcement());
    sealers.clear();
    for (KeyPair client : clients) {
      sealers.add(new OrderSealer(client, deal.announcement(), rng, 0));
    }
    holders.clear();
    for (KeyShare share : deal.shares()) {
      holders.add(
          new KeyHolder(
              deal.announcement(),
              share,
              config.batchesPerEpoch(),
              anchorer,
              afterSequence,
              afterHash));
    }
  }

  /** Client {@code client} seals an order; the sequencer admits it; a full batch is published. */
  SealedEnvelope submit(int client, String order) {
    byte[] payload = order.getBytes(StandardCharsets.UTF_8);
    SealedEnvelope envelope = sealers.get(client).seal(payload);
    Optional<SealedBatch> batch = sequencer.admit(envelope.bytes().toArray());
    admitted.add(Bytes.wrap(payload));
    batch.ifPresent(this::publish);
    return envelope;
  }

  /** Client {@code client} seals orders as one bundle; the sequencer admits it whole. */
  SealedBundle submitBundle(int client, List<String> orders) {
    List<byte[]> payloads = new ArrayList<>();
    orders.forEach(o -> payloads.add(o.getBytes(StandardCharsets.UTF_8)));
    SealedBundle bundle = sealers.get(client).sealBundle(payloads);
    Optional<SealedBatch> batch = sequencer.admitBundle(bundle.bytes().toArray());
    payloads.forEach(p -> admitted.add(Bytes.wrap(p)));
    batch.ifPresent(this::publish);
    return bundle;
  }

  /** Lets the batch interval pass, publishing what is pending. */
  void tick() {
    clock.advance(config.intervalMillis());
    sequencer.tick().ifPresent(this::publish);
  }

  void publish(SealedBatch batch) {
    AnchorProof proof = publisher.publish(batch).join().orElseThrow();
    batches.add(batch);
    epochBatches.add(batch);
    holders.forEach(h -> h.observe(batch, proof));
    if (sequencer.epochClosed()) {
      closeEpoch(batch);
    }
  }

  private void closeEpoch(SealedBatch last) {
    // Any two holders suffice; the third stays away to show it is not needed.
    List<KeyShare> released = List.of(holders.get(2).release(), holders.get(0).release());
    archive.writeShares(deal.announcement().epoch(), released);
    BatchOpener opener = new BatchOpener(EpochKey.recover(deal.announcement(), released));
    for (SealedBatch batch : epochBatches) {
      OpenedBatch result = opener.open(batch);
      archive.writeRejections(result);
      opened.add(result);
    }
    epochBatches.clear();
    deal = EpochKey.deal(CHAIN, deal.announcement().epoch() + 1, THRESHOLD, HOLDERS, rng);
    sequencer.openEpoch(deal.announcement());
    startEpoch(last.hash(), last.sequence());
  }
}
