package io.stele.exchange.sealed;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.KeyPair;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * A key holder's X25519 agreement key, to which the key service encrypts its shares. It is derived
 * from the holder's node key, {@code HKDF-SHA256(seed, salt "stele.keyholder.agreement", info u8
 * chain id)}, so a holder needs no second secret file: whoever can read its node key can read its
 * shares anyway.
 */
public final class HolderKey {
  private static final byte[] SALT =
      "stele.keyholder.agreement".getBytes(StandardCharsets.US_ASCII);

  private final byte[] privateKey;
  private final Bytes publicKey;

  private HolderKey(byte[] privateKey) {
    this.privateKey = privateKey;
    byte[] pub = new byte[X25519.POINT_SIZE];
    X25519.scalarMultBase(privateKey, 0, pub, 0);
    this.publicKey = Bytes.wrap(pub);
  }

  public static HolderKey of(KeyPair nodeKey, int chainId) {
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(nodeKey.seed(), SALT, new byte[] {(byte) chainId}));
    byte[] secret = new byte[X25519.SCALAR_SIZE];
    hkdf.generateBytes(secret, 0, secret.length);
    return new HolderKey(secret);
  }

  /** The X25519 public key the key service encrypts to (32 bytes). */
  public Bytes publicKey() {
    return publicKey;
  }

  /** The shared secret with {@code peer}, or null when it is a low-order point. */
  byte[] agree(byte[] peer) {
    byte[] shared = new byte[X25519.POINT_SIZE];
    return X25519.calculateAgreement(privateKey, 0, peer, 0, shared, 0) ? shared : null;
  }
}
