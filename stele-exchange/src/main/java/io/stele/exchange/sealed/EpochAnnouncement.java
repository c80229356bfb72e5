package io.stele.exchange.sealed;

import io.stele.core.bytes.Bytes;
import io.stele.core.codec.ByteReader;
import io.stele.core.codec.ByteWriter;
import io.stele.core.crypto.Hashes;
import io.stele.core.error.SteleException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What the key service publishes for an epoch before any order is sealed to it: the X25519 public
 * key clients encrypt to, how many shares open it, and a SHA-256 commitment to each share, so that
 * a key holder who releases a wrong share is caught.
 */
public record EpochAnnouncement(
    int chainId, long epoch, Bytes publicKey, int threshold, List<Bytes> shareCommitments) {
  private static final byte[] SHARE_DOMAIN = "stele.sealed.share".getBytes(StandardCharsets.UTF_8);

  public EpochAnnouncement {
    shareCommitments = List.copyOf(shareCommitments);
    if (chainId < 0 || chainId > 255) {
      throw new SteleException("sealed.bad_epoch", "a chain id is one byte, not " + chainId);
    }
    if (epoch < 0) {
      throw new SteleException("sealed.bad_epoch", "epoch must not be negative: " + epoch);
    }
    if (publicKey.length() != EpochKey.KEY_LENGTH) {
      throw new SteleException(
          "sealed.bad_epoch", "an X25519 public key is 32 bytes, not " + publicKey.length());
    }
    if (threshold < 1 || threshold > shareCommitments.size() || shareCommitments.size() > 255) {
      throw new SteleException(
          "sealed.bad_epoch",
          "threshold " + threshold + " of " + shareCommitments.size() + " shares is not possible");
    }
  }

  /** SHA-256("stele.sealed.share" || chain id || epoch || index || value). */
  public static Bytes commitment(int chainId, long epoch, KeyShare share) {
    byte[] encoded =
        new ByteWriter(64)
            .fixed(SHARE_DOMAIN)
            .u8(chainId)
            .i64(epoch)
            .u8(share.index())
            .bytes16(share.value().unsafeArray())
            .toByteArray();
    return Bytes.wrap(Hashes.sha256(encoded));
  }

  /** Throws {@code sealed.bad_share} unless {@code share} is the one this epoch committed to. */
  public void checkShare(KeyShare share) {
    if (share.index() > shareCommitments.size()) {
      throw new SteleException(
          "sealed.bad_share",
          "epoch " + epoch + " has " + shareCommitments.size() + " shares, not " + share.index());
    }
    if (!commitment(chainId, epoch, share).equals(shareCommitments.get(share.index() - 1))) {
      throw new SteleException(
          "sealed.bad_share",
          "share " + share.index() + " of epoch " + epoch + " does not match its commitment");
    }
  }

  /** u8 chain id, i64 epoch, 32-byte public key, u8 threshold, u8 count, count x 32 commitments. */
  public byte[] encode() {
    ByteWriter w = new ByteWriter(64 + 32 * shareCommitments.size());
    w.u8(chainId).i64(epoch).fixed(publicKey.unsafeArray()).u8(threshold);
    w.u8(shareCommitments.size());
    shareCommitments.forEach(c -> w.fixed(c.unsafeArray()));
    return w.toByteArray();
  }

  /** The announcement {@link #encode()} wrote; strict: trailing bytes are refused. */
  public static EpochAnnouncement decode(byte[] bytes) {
    ByteReader r = new ByteReader(bytes);
    int chain = r.u8("chain id");
    long epoch = r.i64("epoch");
    Bytes key = Bytes.wrap(r.fixed(EpochKey.KEY_LENGTH, "epoch key"));
    int threshold = r.u8("threshold");
    int n = r.u8("share count");
    List<Bytes> commitments = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      commitments.add(Bytes.wrap(r.fixed(32, "share commitment")));
    }
    r.end("epoch announcement");
    return new EpochAnnouncement(chain, epoch, key, threshold, commitments);
  }
}
