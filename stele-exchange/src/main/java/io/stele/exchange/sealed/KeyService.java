package io.stele.exchange.sealed;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.core.random.Rng;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The dealer of epoch keys (docs/sealed-batches.md#custody). For each epoch it makes a fresh X25519
 * key, splits it {@code threshold} of n, hands share i to holder i encrypted and signed ({@link
 * ShareDelivery}), and only once every holder has acknowledged (each forces its share to disk
 * first) keeps and returns the {@link SignedEpoch}. The private key exists only in memory while it
 * is split and is wiped at once; the shares are wiped once delivered. Nothing secret is ever
 * written to this service's disk: it keeps the signed epochs (public) in {@code dir}, so an epoch
 * announced once is never dealt again, even after a restart.
 */
public final class KeyService {
  /** Hands a delivery to holder {@code index} (from 1); returns once the holder has kept it. */
  public interface Courier {
    void deliver(int index, byte[] delivery);
  }

  private final int chainId;
  private final KeyPair signer;
  private final int threshold;
  private final List<Bytes> holders;
  private final Courier courier;
  private final Rng rng;
  private final Path dir;
  private long lastAnnounced;

  /** {@code holders} are the holders' X25519 keys ({@link HolderKey}), holder i at i - 1. */
  public KeyService(
      int chainId,
      KeyPair signer,
      int threshold,
      List<Bytes> holders,
      Courier courier,
      Rng rng,
      Path dir) {
    if (threshold < 1 || threshold > holders.size() || holders.size() > 255) {
      throw new SteleException(
          "config.invalid", threshold + " of " + holders.size() + " key holders is not possible");
    }
    this.chainId = chainId;
    this.signer = signer;
    this.threshold = threshold;
    this.holders = List.copyOf(holders);
    this.courier = courier;
    this.rng = rng;
    this.dir = dir;
    this.lastAnnounced = lastAnnounced(dir);
  }

  /**
   * The signed epoch {@code epoch}: the one kept if it was announced before, else dealt now. Epochs
   * are dealt in order: asking for one past the next is {@code keyservice.epoch_ahead}.
   */
  public synchronized SignedEpoch announce(long epoch) {
    Optional<SignedEpoch> kept = announced(epoch);
    if (kept.isPresent()) {
      return kept.get();
    }
    if (epoch != lastAnnounced + 1) {
      throw new SteleException(
          "keyservice.epoch_ahead",
          "epoch " + epoch + " cannot be dealt: the last one dealt is " + lastAnnounced);
    }
    EpochKey.Deal deal = EpochKey.deal(chainId, epoch, threshold, holders.size(), rng);
    try {
      for (KeyShare share : deal.shares()) {
        courier.deliver(
            share.index(),
            ShareDelivery.seal(
                signer, deal.announcement(), share, holders.get(share.index() - 1), rng));
      }
    } finally {
      deal.shares().forEach(s -> Arrays.fill(s.value().unsafeArray(), (byte) 0));
    }
    SignedEpoch signed = SignedEpoch.sign(deal.announcement(), holders, signer);
    PrivateFile.write(file(epoch), signed.encoded().toArray());
    lastAnnounced = epoch;
    return signed;
  }

  /** An epoch announced before, if it was. */
  public synchronized Optional<SignedEpoch> announced(long epoch) {
    Path f = file(epoch);
    if (!Files.exists(f)) {
      return Optional.empty();
    }
    try {
      return Optional.of(SignedEpoch.verify(Files.readAllBytes(f), signer.publicKey()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + f, e);
    }
  }

  private Path file(long epoch) {
    return dir.resolve("epoch-" + epoch + ".signed");
  }

  private static long lastAnnounced(Path dir) {
    if (!Files.isDirectory(dir)) {
      return -1;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.matches("epoch-[0-9]{1,18}\\.signed"))
          .mapToLong(n -> Long.parseLong(n.substring(6, n.length() - 7)))
          .max()
          .orElse(-1);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }
}
