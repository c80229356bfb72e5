package io.stele.exchange.sealed;

import io.stele.core.bytes.Bytes;
import io.stele.core.error.SteleException;
import io.stele.core.random.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * An epoch's X25519 private key, as it exists only twice: for a moment at the dealer, who splits it
 * into shares and forgets it, and after the epoch closes, when enough released shares rebuild it.
 */
public final class EpochKey {
  public static final int KEY_LENGTH = X25519.POINT_SIZE;

  private final EpochAnnouncement announcement;
  private final byte[] privateKey;

  private EpochKey(EpochAnnouncement announcement, byte[] privateKey) {
    this.announcement = announcement;
    this.privateKey = privateKey;
  }

  /** The announcement of an epoch and the shares to hand to its key holders, one each. */
  public record Deal(EpochAnnouncement announcement, List<KeyShare> shares) {
    public Deal {
      shares = List.copyOf(shares);
    }
  }

  /** Makes a fresh epoch key, splits it {@code threshold} of {@code count}, and wipes it. */
  public static Deal deal(int chainId, long epoch, int threshold, int count, Rng rng) {
    byte[] secret = new byte[KEY_LENGTH];
    rng.nextBytes(secret);
    byte[] publicKey = new byte[KEY_LENGTH];
    X25519.scalarMultBase(secret, 0, publicKey, 0);
    List<KeyShare> shares = Shamir.split(secret, threshold, count, rng);
    Arrays.fill(secret, (byte) 0);
    List<Bytes> commitments = new ArrayList<>(count);
    for (KeyShare share : shares) {
      commitments.add(EpochAnnouncement.commitment(chainId, epoch, share));
    }
    return new Deal(
        new EpochAnnouncement(chainId, epoch, Bytes.wrap(publicKey), threshold, commitments),
        shares);
  }

  /**
   * Rebuilds the key from released shares. Every share must match its commitment, there must be at
   * least the threshold of them, and the result must belong to the announced public key.
   */
  public static EpochKey recover(EpochAnnouncement announcement, List<KeyShare> shares) {
    for (KeyShare share : shares) {
      announcement.checkShare(share);
    }
    if (shares.size() < announcement.threshold()) {
      throw new SteleException(
          "sealed.too_few_shares",
          "epoch "
              + announcement.epoch()
              + " opens with "
              + announcement.threshold()
              + " shares, only "
              + shares.size()
              + " released");
    }
    byte[] secret = Shamir.combine(shares);
    byte[] publicKey = new byte[KEY_LENGTH];
    X25519.scalarMultBase(secret, 0, publicKey, 0);
    if (!Arrays.equals(publicKey, announcement.publicKey().unsafeArray())) {
      throw new SteleException(
          "sealed.key_mismatch",
          "the shares of epoch " + announcement.epoch() + " do not rebuild its public key");
    }
    return new EpochKey(announcement, secret);
  }

  public EpochAnnouncement announcement() {
    return announcement;
  }

  /**
   * The X25519 shared secret with a client's public key, or null when the client key is a low-order
   * point (the agreement would be all zeros and bind nothing).
   */
  byte[] agree(byte[] clientPublicKey) {
    byte[] shared = new byte[KEY_LENGTH];
    return X25519.calculateAgreement(privateKey, 0, clientPublicKey, 0, shared, 0) ? shared : null;
  }
}
