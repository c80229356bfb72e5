package io.stele.core.crypto;

/** Short names for the hashes used across Stele's formats. */
public final class Hashes {
  private Hashes() {}

  public static byte[] sha256(byte[] data) {
    return HashFunction.SHA256.hash(data);
  }

  public static byte[] sha3(byte[] data) {
    return HashFunction.SHA3_256.hash(data);
  }

  public static byte[] blake2b(byte[] data) {
    return HashFunction.BLAKE2B_256.hash(data);
  }

  /** LTO's "secure hash" of a public key or address prefix: SHA-256(BLAKE2b-256(data)). */
  public static byte[] secureHash(byte[] data) {
    return sha256(blake2b(data));
  }
}
