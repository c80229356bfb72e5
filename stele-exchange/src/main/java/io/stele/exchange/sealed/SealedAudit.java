package io.stele.exchange.sealed;

import io.stele.core.anchor.AnchorProof;
import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.HashFunction;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.core.merkle.MerkleTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Re-checks a published batch directory from nothing but its files (and, when configured, the
 * ledger through {@link BatchAnchorVerifier}): the batch chain, every Merkle root, every envelope's
 * signature, chain, epoch and counter, every deposit's signer and signature, the anchors, the
 * released shares against their commitments, the decryption and the published rejections. It yields
 * the exact ordered payloads, or throws a {@link SteleException} whose code and message name the
 * first thing that is wrong.
 */
public final class SealedAudit {
  private final int chainId;
  private final int batchesPerEpoch;
  private final BatchAnchorVerifier anchors;
  private final PublicKey funder;
  private final PublicKey keyService;

  /** {@code anchors} may be null when batches are not anchored; then none are checked. */
  public SealedAudit(int chainId, int batchesPerEpoch, BatchAnchorVerifier anchors) {
    this(chainId, batchesPerEpoch, anchors, null);
  }

  /**
   * {@code funder} is the only key whose deposits are valid (the devnet's faucet); null when the
   * chain takes no deposits, which makes any deposit {@code audit.deposit_invalid}.
   */
  public SealedAudit(
      int chainId, int batchesPerEpoch, BatchAnchorVerifier anchors, PublicKey funder) {
    this(chainId, batchesPerEpoch, anchors, funder, null);
  }

  /**
   * With {@code keyService}, every epoch a batch is sealed to must come with {@code
   * epoch-E.signed}: that key service's signature over exactly the announcement of {@code
   * epoch-E.json}. Null checks no signature (a venue that deals its own epochs).
   */
  public SealedAudit(
      int chainId,
      int batchesPerEpoch,
      BatchAnchorVerifier anchors,
      PublicKey funder,
      PublicKey keyService) {
    this.chainId = chainId;
    this.batchesPerEpoch = batchesPerEpoch;
    this.anchors = anchors;
    this.funder = funder;
    this.keyService = keyService;
  }

  public AuditReport audit(Path directory) {
    return audit(directory, directory);
  }

  /** Audits {@code directory}, taking the released shares from {@code keys}. */
  public AuditReport audit(Path directory, Path keys) {
    BatchArchive archive = new BatchArchive(directory);
    List<SealedBatch> chain = new ArrayList<>();
    Bytes previous = SealedBatch.GENESIS;
    Map<PublicKey, Long> counters = new HashMap<>();
    Map<PublicKey, Long> depositCounters = new HashMap<>();
    Map<Long, EpochAnnouncement> announcements = new HashMap<>();
    long epoch = -1;
    int batchesInEpoch = 0;
    for (long sequence = 1; ; sequence++) {
      Optional<PublishedBatch> read = archive.readBatch(sequence);
      if (read.isEmpty()) {
        checkNoLaterBatch(directory, sequence);
        break;
      }
      PublishedBatch published = read.get();
      checkHeader(published, sequence, previous);
      checkAnchor(archive, published);
      checkLeaves(published);
      if (published.epoch() != epoch) {
        if (epoch >= 0 && (published.epoch() != epoch + 1 || batchesInEpoch != batchesPerEpoch)) {
          throw fail(
              "audit.epoch",
              "batch "
                  + sequence
                  + " starts epoch "
                  + published.epoch()
                  + " after "
                  + batchesInEpoch
                  + " batches of epoch "
                  + epoch);
        }
        epoch = published.epoch();
        batchesInEpoch = 0;
        counters.clear();
        depositCounters.clear();
        announcements.put(epoch, announcement(archive, epoch));
      }
      if (++batchesInEpoch > batchesPerEpoch) {
        throw fail(
            "audit.epoch", "epoch " + epoch + " has more than " + batchesPerEpoch + " batches");
      }
      List<SealedEnvelope> envelopes = new ArrayList<>();
      for (int position = 0; position < published.envelopes().size(); position++) {
        envelopes.add(checkEnvelope(published, position, announcements.get(epoch)));
      }
      checkBundles(published, envelopes);
      checkCounters(published, envelopes, counters);
      List<SealedBatch.Deposit> deposits = checkDeposits(published, depositCounters);
      SealedBatch batch =
          SealedBatch.seal(sequence, epoch, previous, envelopes, published.bundles(), deposits);
      chain.add(batch);
      previous = batch.hash();
    }
    return open(archive, new BatchArchive(keys), chain, announcements, previous);
  }

  private void checkHeader(PublishedBatch published, long sequence, Bytes previous) {
    if (published.sequence() != sequence) {
      throw fail(
          "audit.sequence",
          "file of batch " + sequence + " says it is batch " + published.sequence());
    }
    if (!published.previousHash().equals(previous)) {
      throw fail(
          "audit.chain_broken",
          "batch "
              + sequence
              + " does not link to the batch before it: a batch is missing, added"
              + " or changed");
    }
    Bytes hash =
        published.depositRoot() == null
            ? SealedBatch.link(previous, published.merkleRoot().unsafeArray())
            : SealedBatch.link(
                previous,
                published.merkleRoot().unsafeArray(),
                published.depositRoot().unsafeArray());
    if (!hash.equals(published.hash())) {
      throw fail(
          "audit.batch_hash",
          "batch "
              + sequence
              + ": hash is not SHA-256(previous hash || merkle root"
              + (published.depositRoot() == null ? ")" : " || deposit root)"));
    }
  }

  private void checkAnchor(BatchArchive archive, PublishedBatch published) {
    if (anchors == null) {
      return;
    }
    AnchorProof proof =
        archive
            .readAnchor(published.sequence())
            .orElseThrow(
                () ->
                    fail(
                        "audit.anchor_missing",
                        "batch " + published.sequence() + " has no anchor"));
    if (!proof.hash().equals(published.hash()) || !anchors.verify(published.hash(), proof)) {
      throw fail(
          "audit.anchor_invalid",
          "batch " + published.sequence() + ": the anchor does not prove its hash on the ledger");
    }
  }

  /**
   * The stated leaf hashes are authentic when they build the anchored root; the envelopes are then
   * compared with them one by one, which says exactly how the list was changed.
   */
  private void checkLeaves(PublishedBatch published) {
    List<byte[]> envelopes = new ArrayList<>();
    published.envelopes().forEach(e -> envelopes.add(e.unsafeArray()));
    checkLeaves(
        published.sequence(),
        "envelope",
        published.merkleRoot(),
        published.leafHashes(),
        envelopes);
    if (published.depositRoot() != null) {
      List<byte[]> deposits = new ArrayList<>();
      published.deposits().forEach(d -> deposits.add(d.leafData()));
      checkLeaves(
          published.sequence(),
          "deposit",
          published.depositRoot(),
          published.depositLeafHashes(),
          deposits);
    }
  }

  /**
   * Envelopes and deposits alike: the stated leaf hashes must build the stated (hashed, anchored)
   * root, and the entries are compared with them one by one; {@code audit.<noun>_inserted}, {@code
   * _dropped}, {@code _reordered} or {@code _altered} names the first change and its index.
   */
  private static void checkLeaves(
      long sequence, String noun, Bytes root, List<Bytes> leafHashes, List<byte[]> entries) {
    List<byte[]> stated = new ArrayList<>();
    leafHashes.forEach(h -> stated.add(h.unsafeArray()));
    if (!Bytes.wrap(SealedBatch.rootOfLeafHashes(stated)).equals(root)) {
      throw fail(
          noun.equals("envelope") ? "audit.merkle_root" : "audit.deposit_root",
          "batch " + sequence + ": the published " + noun + " leaf hashes do not build its root");
    }
    List<Bytes> actual = new ArrayList<>();
    for (byte[] entry : entries) {
      actual.add(Bytes.wrap(MerkleTree.leafHash(HashFunction.SHA256, entry)));
    }
    Difference difference = Difference.of(actual, leafHashes);
    if (difference == null) {
      return;
    }
    String where =
        "batch "
            + sequence
            + (noun.equals("envelope") ? ", position " : ", deposit ")
            + difference.index()
            + ": ";
    String code = "audit." + noun + "_";
    throw switch (difference.kind()) {
      case EXTRA -> fail(code + "inserted", where + "an " + noun + " was inserted");
      case MISSING -> fail(code + "dropped", where + "the sealed " + noun + " there was dropped");
      case REORDERED -> fail(code + "reordered", where + noun + "s are out of their sealed order");
      case ALTERED ->
          fail(
              code + "altered",
              where
                  + (noun.equals("envelope")
                      ? "the envelope's bytes were altered"
                      : "the deposit's bytes or position were altered"));
    };
  }

  /**
   * Each deposit parses, is for the chain and the batch's epoch, is signed by the funder's key, has
   * a counter above that signer's last one in the epoch, and sits at a rising position within the
   * batch; {@code audit.deposit_invalid} names the first that is not.
   */
  private List<SealedBatch.Deposit> checkDeposits(
      PublishedBatch published, Map<PublicKey, Long> counters) {
    if (published.depositRoot() != null && published.deposits().isEmpty()) {
      // Its hash would follow the deposit rule while the batch hashes as one without deposits.
      throw fail(
          "audit.deposit_invalid",
          "batch " + published.sequence() + " states a deposit root but has no deposits");
    }
    List<SealedBatch.Deposit> deposits = new ArrayList<>();
    int lastPosition = 0;
    for (int i = 0; i < published.deposits().size(); i++) {
      PublishedBatch.Deposit entry = published.deposits().get(i);
      String where = "batch " + published.sequence() + ", deposit " + i + ": ";
      SealedDeposit deposit;
      try {
        deposit = SealedDeposit.parse(entry.bytes().toArray());
      } catch (SteleException e) {
        throw fail("audit.deposit_invalid", where + e.getMessage());
      }
      if (deposit.chainId() != chainId || deposit.epoch() != published.epoch()) {
        throw fail(
            "audit.deposit_invalid",
            where + deposit + " is not for chain " + chainId + " and the batch's epoch");
      }
      if (funder == null || !deposit.signer().equals(funder)) {
        throw fail(
            "audit.deposit_invalid",
            where + deposit + " is not signed by the key allowed to fund accounts");
      }
      if (!deposit.signatureValid()) {
        throw fail("audit.deposit_invalid", where + deposit + " has an invalid signature");
      }
      Long last = counters.put(deposit.signer(), deposit.counter());
      if (last != null && deposit.counter() <= last) {
        throw fail(
            "audit.replayed_counter",
            where + deposit + " does not follow deposit counter " + last + " of its signer");
      }
      if (entry.position() < lastPosition || entry.position() > published.envelopes().size()) {
        throw fail(
            "audit.deposit_invalid",
            where + "position " + entry.position() + " is out of order or outside the batch");
      }
      lastPosition = entry.position();
      deposits.add(new SealedBatch.Deposit(entry.position(), deposit));
    }
    return deposits;
  }

  /** How a list of hashes differs from the one that was sealed or signed, and where first. */
  private record Difference(int index, Kind kind) {
    enum Kind {
      EXTRA,
      MISSING,
      REORDERED,
      ALTERED
    }

    /** Null when {@code actual} equals {@code expected}. */
    static Difference of(List<Bytes> actual, List<Bytes> expected) {
      if (actual.equals(expected)) {
        return null;
      }
      int first = 0;
      while (first < Math.min(actual.size(), expected.size())
          && actual.get(first).equals(expected.get(first))) {
        first++;
      }
      if (actual.size() != expected.size()) {
        return new Difference(first, actual.size() > expected.size() ? Kind.EXTRA : Kind.MISSING);
      }
      List<Bytes> sortedActual = new ArrayList<>(actual);
      List<Bytes> sortedExpected = new ArrayList<>(expected);
      sortedActual.sort(null);
      sortedExpected.sort(null);
      return new Difference(
          first, sortedActual.equals(sortedExpected) ? Kind.REORDERED : Kind.ALTERED);
    }
  }

  private SealedEnvelope checkEnvelope(
      PublishedBatch published, int position, EpochAnnouncement announcement) {
    String where = "batch " + published.sequence() + ", position " + position;
    SealedEnvelope envelope;
    try {
      envelope = SealedEnvelope.parse(published.envelopes().get(position).unsafeArray());
    } catch (SteleException e) {
      throw fail("audit.envelope_invalid", where + ": " + e.getMessage());
    }
    if (envelope.chainId() != chainId || envelope.epoch() != published.epoch()) {
      throw fail(
          "audit.envelope_invalid",
          where + ": " + envelope + " is not for chain " + chainId + " and the batch's epoch");
    }
    // A bundle member is signed through its bundle: checkBundles.
    if (!envelope.bundleMember() && !envelope.signatureValid()) {
      throw fail("audit.envelope_invalid", where + ": " + envelope + " has an invalid signature");
    }
    if (!envelope.epochKey().equals(announcement.publicKey())) {
      throw fail(
          "audit.epoch_key",
          where
              + ": "
              + envelope
              + " was sealed to another key than the one epoch-"
              + announcement.epoch()
              + ".json announces");
    }
    return envelope;
  }

  private static void checkCounters(
      PublishedBatch published, List<SealedEnvelope> envelopes, Map<PublicKey, Long> counters) {
    for (int position = 0; position < envelopes.size(); position++) {
      SealedEnvelope envelope = envelopes.get(position);
      Long last = counters.put(envelope.client(), envelope.counter());
      if (last != null && envelope.counter() <= last) {
        throw fail(
            "audit.replayed_counter",
            "batch "
                + published.sequence()
                + ", position "
                + position
                + ": "
                + envelope
                + " does not follow counter "
                + last
                + " of its client");
      }
    }
  }

  /**
   * Every bundle member must be vouched for by the bundle that starts at or before it: the bundles'
   * members run from their position up to the next bundle or the next signed envelope. Each
   * statement must carry its client's signature, and list exactly the members found, in order;
   * otherwise the member that was forged, dropped, reordered or altered is named.
   */
  private void checkBundles(PublishedBatch published, List<SealedEnvelope> envelopes) {
    String batch = "batch " + published.sequence();
    List<BundleSignature> bundles = published.bundles();
    int covered = 0;
    for (int b = 0; b < bundles.size(); b++) {
      BundleSignature bundle = bundles.get(b);
      int start = bundle.position();
      if (start < covered || start >= envelopes.size()) {
        throw fail(
            "audit.bundle_invalid",
            batch + ", bundle " + b + ": position " + start + " is outside the batch or overlaps");
      }
      checkNoStrayMember(batch, envelopes, covered, start);
      int end =
          b + 1 < bundles.size()
              ? Math.min(bundles.get(b + 1).position(), envelopes.size())
              : envelopes.size();
      int stop = start;
      while (stop < end && envelopes.get(stop).bundleMember()) {
        stop++;
      }
      String where = batch + ", bundle at position " + start;
      BundleStatement statement;
      try {
        statement = BundleStatement.parse(bundle.statement().toArray());
      } catch (SteleException e) {
        throw fail("audit.bundle_invalid", where + ": " + e.getMessage());
      }
      if (!statement.verify(bundle.signature().toArray())) {
        throw fail(
            "audit.bundle_signature",
            where + ": the signature of " + statement.client() + " does not cover its statement");
      }
      List<Bytes> actual = new ArrayList<>(stop - start);
      for (int i = start; i < stop; i++) {
        actual.add(BundleStatement.memberHash(envelopes.get(i)));
      }
      Difference difference = Difference.of(actual, statement.memberHashes());
      if (difference != null) {
        String at = batch + ", position " + (start + difference.index()) + ": ";
        throw switch (difference.kind()) {
          case EXTRA ->
              fail("audit.bundle_member_forged", at + "a bundle member its client did not sign");
          case MISSING ->
              fail("audit.bundle_member_dropped", at + "a signed member of the bundle is missing");
          case REORDERED ->
              fail(
                  "audit.bundle_member_reordered",
                  at + "the bundle's members are out of the order its client signed");
          case ALTERED ->
              fail(
                  "audit.bundle_member_altered",
                  at + "the member differs from the one its client signed");
        };
      }
      for (int i = start; i < stop; i++) {
        String foreign = statement.foreign(envelopes.get(i), i - start);
        if (foreign != null) {
          throw fail("audit.bundle_invalid", where + ": " + foreign);
        }
      }
      covered = stop;
    }
    checkNoStrayMember(batch, envelopes, covered, envelopes.size());
  }

  private static void checkNoStrayMember(
      String batch, List<SealedEnvelope> envelopes, int from, int to) {
    for (int position = from; position < to; position++) {
      if (envelopes.get(position).bundleMember()) {
        throw fail(
            "audit.bundle_member_forged",
            batch + ", position " + position + ": a bundle member that no signed bundle lists");
      }
    }
  }

  private static void checkNoLaterBatch(Path directory, long missing) {
    String name = String.format("batch-%012d.json", missing);
    try (Stream<Path> files = Files.list(directory)) {
      boolean later =
          files
              .map(p -> p.getFileName().toString())
              .anyMatch(
                  n -> n.startsWith("batch-") && n.endsWith(".json") && n.compareTo(name) > 0);
      if (later) {
        throw fail("audit.chain_broken", "batch " + missing + " is missing but later ones exist");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + directory, e);
    }
  }

  private AuditReport open(
      BatchArchive archive,
      BatchArchive keys,
      List<SealedBatch> chain,
      Map<Long, EpochAnnouncement> announcements,
      Bytes head) {
    List<OpenedBatch> opened = new ArrayList<>();
    long sealed = 0;
    Map<Long, Optional<BatchOpener>> openers = new HashMap<>();
    for (SealedBatch batch : chain) {
      Optional<BatchOpener> opener =
          openers.computeIfAbsent(batch.epoch(), e -> openerFor(keys, announcements.get(e)));
      if (opener.isEmpty()) {
        sealed++;
        continue;
      }
      OpenedBatch result = opener.get().openInParallel(batch);
      List<OpenedBatch.Rejection> published =
          archive
              .readRejections(batch.sequence(), batch.hash())
              .orElseThrow(
                  () ->
                      fail(
                          "audit.rejections",
                          "batch "
                              + batch.sequence()
                              + " was opened but its rejections are not"
                              + " published"));
      if (!codesAndPositions(published).equals(codesAndPositions(result.rejections()))) {
        throw fail(
            "audit.rejections",
            "batch " + batch.sequence() + ": the published rejections are not the ones that occur");
      }
      opened.add(result);
    }
    return new AuditReport(chain.size(), head, opened, sealed);
  }

  private static List<String> codesAndPositions(List<OpenedBatch.Rejection> rejections) {
    List<String> keys = new ArrayList<>();
    rejections.forEach(r -> keys.add(r.position() + ":" + r.code()));
    return keys;
  }

  private EpochAnnouncement announcement(BatchArchive archive, long epoch) {
    EpochAnnouncement announcement =
        archive
            .readEpoch(epoch)
            .orElseThrow(
                () -> fail("audit.epoch_missing", "epoch " + epoch + " was never announced"));
    if (announcement.chainId() != chainId || announcement.epoch() != epoch) {
      throw fail("audit.epoch_missing", "epoch-" + epoch + ".json announces another epoch");
    }
    if (keyService != null) {
      checkSigned(archive, announcement);
    }
    return announcement;
  }

  /**
   * The announcement is the one the key service signed: so the epoch key came from the key service
   * and its holders, not from the operator (who could otherwise deal itself a key and read orders
   * before their batch is published).
   */
  private void checkSigned(BatchArchive archive, EpochAnnouncement announcement) {
    long epoch = announcement.epoch();
    byte[] bytes =
        archive
            .signedEpochFile(epoch)
            .orElseThrow(
                () ->
                    fail(
                        "audit.epoch_unsigned",
                        "epoch "
                            + epoch
                            + " has no epoch-"
                            + epoch
                            + ".signed: nothing shows the key service "
                            + keyService
                            + " dealt it"));
    SignedEpoch signed;
    try {
      signed = SignedEpoch.verify(bytes, keyService);
    } catch (SteleException e) {
      String code =
          switch (e.code()) {
            case "keyservice.wrong_key_service" -> "audit.epoch_signer";
            case "keyservice.bad_signature" -> "audit.epoch_signature";
            default -> "audit.malformed";
          };
      throw fail(code, "epoch-" + epoch + ".signed: " + e.getMessage());
    }
    if (!signed.announcement().equals(announcement)) {
      throw fail(
          "audit.epoch_altered",
          "epoch-"
              + epoch
              + ".json is not the announcement the key service signed in epoch-"
              + epoch
              + ".signed");
    }
  }

  private Optional<BatchOpener> openerFor(BatchArchive archive, EpochAnnouncement announcement) {
    Optional<List<KeyShare>> shares = archive.readShares(announcement.epoch());
    if (shares.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new BatchOpener(EpochKey.recover(announcement, shares.get())));
    } catch (SteleException e) {
      throw fail(e.code().replace("sealed.", "audit."), e.getMessage());
    }
  }

  private static SteleException fail(String code, String message) {
    return new SteleException(code, message);
  }
}
