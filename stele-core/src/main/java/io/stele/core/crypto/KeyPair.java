package io.stele.core.crypto;

import io.stele.core.bytes.Bytes;
import io.stele.core.random.Rng;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 signing key: the 32-byte seed and the public key derived from it. The seed never
 * leaves this object except through {@link #seed()}, which key files use to store it encrypted.
 */
public final class KeyPair {
  private final byte[] seed;
  private final PublicKey publicKey;
  private boolean destroyed;

  private KeyPair(byte[] seed) {
    if (seed.length != Ed25519.SECRET_KEY_SIZE) {
      throw new IllegalArgumentException("an Ed25519 seed is 32 bytes, not " + seed.length);
    }
    this.seed = seed;
    byte[] pk = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(seed, 0, pk, 0);
    this.publicKey = new PublicKey(Bytes.wrap(pk));
  }

  public static KeyPair fromSeed(byte[] seed) {
    return new KeyPair(seed.clone());
  }

  public static KeyPair generate(Rng rng) {
    byte[] seed = new byte[Ed25519.SECRET_KEY_SIZE];
    rng.nextBytes(seed);
    return new KeyPair(seed);
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  public byte[] seed() {
    checkLive();
    return seed.clone();
  }

  public byte[] sign(byte[] message) {
    return sign(message, 0, message.length);
  }

  public byte[] sign(byte[] message, int offset, int length) {
    checkLive();
    byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
    Ed25519.sign(
        seed, 0, publicKey.bytes().unsafeArray(), 0, message, offset, length, signature, 0);
    return signature;
  }

  /** Overwrites the seed; signing or reading the seed afterwards is an error. */
  public void destroy() {
    Arrays.fill(seed, (byte) 0);
    destroyed = true;
  }

  private void checkLive() {
    if (destroyed) {
      throw new IllegalStateException("the key pair of " + publicKey + " has been destroyed");
    }
  }
}
