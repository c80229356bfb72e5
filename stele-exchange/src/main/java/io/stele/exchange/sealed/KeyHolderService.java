package io.stele.exchange.sealed;

import io.stele.core.anchor.AnchorProof;
import io.stele.core.bytes.Bytes;
import io.stele.core.codec.ByteReader;
import io.stele.core.codec.ByteWriter;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A key holder in its own process (docs/sealed-batches.md#custody): it takes its shares from the
 * key service ({@link ShareDelivery}), keeps each in {@code dir} (private, forced before it is
 * acknowledged), follows the venue's published chain itself through one {@link KeyHolder} per epoch
 * it holds (link, batch hash, anchor), releases a share only once that epoch has closed, and
 * forgets it once the venue reports the epoch's batches executed.
 *
 * <pre>
 * dir/epoch-E.share   i64 sequence, 32-byte hash of the batch the epoch's chain follows on from,
 *                     bytes16 the delivery as the key service sent it (still encrypted)
 * dir/followed        i64 sequence, 32-byte hash: the last batch followed (a hint, not forced)
 * </pre>
 */
public final class KeyHolderService {
  /** What a holder acknowledges: it keeps share {@code index} of {@code epoch}. */
  public record Kept(long epoch, int index) {}

  private static final class Held {
    final long afterSequence;
    final byte[] delivery;
    final EpochAnnouncement announcement;
    final KeyShare share;
    final KeyHolder holder;
    long lastSequence = -1;

    Held(long afterSequence, byte[] delivery, ShareDelivery.Opened opened, KeyHolder holder) {
      this.afterSequence = afterSequence;
      this.delivery = delivery;
      this.announcement = opened.announcement();
      this.share = opened.share();
      this.holder = holder;
    }
  }

  private final int chainId;
  private final HolderKey key;
  private final PublicKey keyService;
  private final int batchesPerEpoch;
  private final BatchAnchorVerifier anchors;
  private final PublishedChain chain;
  private final Path dir;
  private final Map<Long, Held> held = new TreeMap<>();
  private long tipSequence;
  private Bytes tipHash;

  /**
   * Takes up what {@code dir} holds: every share kept, and the chain from the earliest point one of
   * them (or the last batch followed) starts at. {@code anchors} may be null when batches are not
   * anchored.
   */
  public KeyHolderService(
      int chainId,
      HolderKey key,
      PublicKey keyService,
      int batchesPerEpoch,
      BatchAnchorVerifier anchors,
      PublishedChain chain,
      Path dir) {
    this.chainId = chainId;
    this.key = key;
    this.keyService = keyService;
    this.batchesPerEpoch = batchesPerEpoch;
    this.anchors = anchors;
    this.chain = chain;
    this.dir = dir;
    this.tipSequence = 0;
    this.tipHash = SealedBatch.GENESIS;
    readFollowed();
    for (Path file : shareFiles()) {
      ByteReader r = new ByteReader(read(file));
      long after = r.i64("after sequence");
      Bytes afterHash = Bytes.wrap(r.fixed(32, "after hash"));
      byte[] delivery = r.bytes16(ShareDelivery.MAX_LENGTH, "delivery");
      r.end(file.toString());
      keep(after, afterHash, delivery);
      if (after < tipSequence) {
        tipSequence = after;
        tipHash = afterHash;
      }
    }
  }

  /** This holder's X25519 key, the one the key service encrypts to. */
  public Bytes agreementKey() {
    return key.publicKey();
  }

  /**
   * Checks, decrypts and keeps a delivery, forced to disk before it returns. The same delivery
   * twice is kept once; a new deal of an epoch whose batches have begun is {@code
   * keyholder.already_held}.
   */
  public synchronized Kept accept(byte[] delivery) {
    ShareDelivery.Opened opened = ShareDelivery.open(delivery, chainId, keyService, key);
    long epoch = opened.announcement().epoch();
    Held old = held.get(epoch);
    if (old != null) {
      if (Arrays.equals(old.delivery, delivery)) {
        return new Kept(epoch, old.share.index());
      }
      if (old.lastSequence >= 0) {
        throw new SteleException(
            "keyholder.already_held",
            "epoch " + epoch + " is held already and its batches have begun");
      }
    }
    byte[] file =
        new ByteWriter(delivery.length + 64)
            .i64(tipSequence)
            .fixed(tipHash.unsafeArray())
            .bytes16(delivery)
            .toByteArray();
    PrivateFile.write(shareFile(epoch), file);
    keep(tipSequence, tipHash, delivery);
    return new Kept(epoch, opened.share().index());
  }

  private void keep(long afterSequence, Bytes afterHash, byte[] delivery) {
    ShareDelivery.Opened opened = ShareDelivery.open(delivery, chainId, keyService, key);
    KeyHolder holder =
        new KeyHolder(
            opened.announcement(),
            opened.share(),
            batchesPerEpoch,
            anchors,
            afterSequence,
            afterHash);
    held.put(opened.announcement().epoch(), new Held(afterSequence, delivery, opened, holder));
  }

  /**
   * Share of {@code epoch}, once the epoch's batches are all published and anchored: {@code
   * keyholder.unknown_epoch} when this holder has none, {@code keyholder.epoch_open} before.
   */
  public synchronized KeyShare release(long epoch) {
    Held h = held.get(epoch);
    if (h == null) {
      throw new SteleException(
          "keyholder.unknown_epoch", "this key holder holds no share of epoch " + epoch);
    }
    if (!h.holder.epochClosed()) {
      throw new SteleException(
          "keyholder.epoch_open",
          "epoch "
              + epoch
              + " is still open: its last batch is not yet published with a final anchor"
              + " (followed up to batch "
              + tipSequence
              + ")");
    }
    return h.holder.release();
  }

  /** The epochs this holder keeps a share of. */
  public synchronized List<Long> epochs() {
    return List.copyOf(held.keySet());
  }

  /**
   * Reads and checks the batches published since the last call (each once its anchor is filed),
   * then forgets the shares of epochs the venue has executed. Returns how many batches it took in;
   * a batch that fails a check stops it there with the check's code.
   */
  public int follow() {
    int taken = 0;
    while (true) {
      long next;
      synchronized (this) {
        next = tipSequence + 1;
      }
      Optional<PublishedBatch> published = chain.batch(next);
      if (published.isEmpty()) {
        break;
      }
      Optional<AnchorProof> anchor = chain.anchor(next);
      if (anchors != null && anchor.isEmpty()) {
        break; // not final yet: the next call looks again
      }
      observe(sealed(published.get()), anchor.orElse(null));
      taken++;
    }
    forgetExecuted();
    return taken;
  }

  private synchronized void observe(SealedBatch batch, AnchorProof anchor) {
    if (batch.sequence() != tipSequence + 1 || !batch.previousHash().equals(tipHash)) {
      throw new SteleException(
          "sealed.chain_broken",
          "batch " + batch.sequence() + " does not follow batch " + tipSequence);
    }
    for (Held h : held.values()) {
      if (batch.sequence() > h.afterSequence) {
        h.holder.observe(batch, anchor);
      }
    }
    Held own = held.get(batch.epoch());
    if (own != null) {
      own.lastSequence = batch.sequence();
    }
    tipSequence = batch.sequence();
    tipHash = batch.hash();
    writeFollowed();
  }

  private void forgetExecuted() {
    List<Held> closed;
    synchronized (this) {
      closed =
          held.values().stream().filter(h -> h.holder.epochClosed() && h.lastSequence > 0).toList();
    }
    for (Held h : closed) {
      if (chain.executed(h.lastSequence)) {
        synchronized (this) {
          held.remove(h.announcement.epoch());
          try {
            Files.deleteIfExists(shareFile(h.announcement.epoch()));
          } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + shareFile(h.announcement.epoch()), e);
          }
        }
      }
    }
  }

  /**
   * The published batch (deposits included) with its stated hashes; {@link KeyHolder} checks them.
   */
  private static SealedBatch sealed(PublishedBatch p) {
    List<SealedEnvelope> envelopes = new ArrayList<>(p.envelopes().size());
    for (Bytes e : p.envelopes()) {
      envelopes.add(SealedEnvelope.parse(e.toArray()));
    }
    List<SealedBatch.Deposit> deposits = new ArrayList<>(p.deposits().size());
    for (PublishedBatch.Deposit d : p.deposits()) {
      deposits.add(new SealedBatch.Deposit(d.position(), SealedDeposit.parse(d.bytes().toArray())));
    }
    return new SealedBatch(
        p.sequence(),
        p.epoch(),
        p.previousHash(),
        envelopes,
        p.bundles(),
        deposits,
        p.merkleRoot(),
        p.hash());
  }

  private Path shareFile(long epoch) {
    return dir.resolve("epoch-" + epoch + ".share");
  }

  private List<Path> shareFiles() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().matches("epoch-[0-9]{1,18}\\.share"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private void readFollowed() {
    Path f = dir.resolve("followed");
    if (Files.exists(f)) {
      ByteReader r = new ByteReader(read(f));
      tipSequence = r.i64("followed sequence");
      tipHash = Bytes.wrap(r.fixed(32, "followed hash"));
      r.end("followed");
    }
  }

  private void writeFollowed() {
    try {
      Files.createDirectories(dir);
      Path tmp = dir.resolve("followed.tmp");
      Files.write(
          tmp, new ByteWriter(40).i64(tipSequence).fixed(tipHash.unsafeArray()).toByteArray());
      Files.move(tmp, dir.resolve("followed"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve("followed"), e);
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
