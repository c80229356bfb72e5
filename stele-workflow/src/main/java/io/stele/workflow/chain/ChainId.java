package io.stele.workflow.chain;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.Hashes;
import io.stele.core.crypto.PublicKey;
import io.stele.core.encoding.Base58;
import io.stele.core.error.SteleException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An LTO event chain id (45 bytes): version 0x40, a 20-byte nonce, the first 20 bytes of
 * SHA-256(BLAKE2b-256(creator's public key)), and the first 4 bytes of SHA-256(BLAKE2b-256(the 41
 * bytes before)). Resource ids have the same layout with version 0x50 and the raw chain id in place
 * of the public key.
 */
public record ChainId(Bytes raw) {
  public static final int LENGTH = 45;
  public static final int VERSION = 0x40;
  public static final int RESOURCE_VERSION = 0x50;
  private static final int NONCE = 20;
  private static final int NAMESPACE = 20;
  private static final int CHECKSUM = 4;

  public ChainId {
    checkLayout(raw.unsafeArray(), VERSION, "chain id");
  }

  /** Parses and checks a base58 chain id (length, version, checksum). */
  public static ChainId fromBase58(String text) {
    return new ChainId(Bytes.wrap(decode(text, "chain id")));
  }

  /**
   * A new chain id for {@code creator}; the nonce is 20 bytes (random, or from {@link #seedNonce}).
   */
  public static ChainId create(PublicKey creator, byte[] nonce) {
    return new ChainId(Bytes.wrap(build(VERSION, creator.bytes().unsafeArray(), nonce)));
  }

  /** The deterministic nonce LTO derives from a seed text: the first 20 bytes of its SHA-256. */
  public static byte[] seedNonce(String seed) {
    return Arrays.copyOf(Hashes.sha256(seed.getBytes(StandardCharsets.UTF_8)), NONCE);
  }

  /** True if the id's key part was derived from {@code key}. */
  public boolean isCreatedBy(PublicKey key) {
    byte[] expected = namespace(key.bytes().unsafeArray());
    return Arrays.equals(
        raw.unsafeArray(), 1 + NONCE, 1 + NONCE + NAMESPACE, expected, 0, NAMESPACE);
  }

  /** The {@code previous} of the chain's first event: base58(SHA-256(raw id)). */
  public String initialHash() {
    return Base58.encode(Hashes.sha256(raw.unsafeArray()));
  }

  /** A resource id inside this chain for a 20-byte nonce. */
  public String resourceId(byte[] nonce) {
    return resourceIdFor(raw.unsafeArray(), nonce);
  }

  /** True if {@code text} is a well-formed resource id belonging to this chain. */
  public boolean isResourceId(String text) {
    return isResourceIdOf(raw.unsafeArray(), text);
  }

  /**
   * A resource id for the raw bytes of a chain id. LTO derives these from the raw bytes alone, so
   * this works for ids made before the current checksum rule too.
   */
  public static String resourceIdFor(byte[] rawChainId, byte[] nonce) {
    return Base58.encode(build(RESOURCE_VERSION, rawChainId, nonce));
  }

  /** True if {@code text} is a well-formed resource id of the chain with these raw id bytes. */
  public static boolean isResourceIdOf(byte[] rawChainId, String text) {
    byte[] bytes;
    try {
      bytes = decode(text, "resource id");
      checkLayout(bytes, RESOURCE_VERSION, "resource id");
    } catch (SteleException e) {
      return false;
    }
    byte[] expected = namespace(rawChainId);
    return Arrays.equals(bytes, 1 + NONCE, 1 + NONCE + NAMESPACE, expected, 0, NAMESPACE);
  }

  public String toBase58() {
    return raw.toBase58();
  }

  @Override
  public String toString() {
    return toBase58();
  }

  private static byte[] decode(String text, String what) {
    byte[] bytes = Base58.decode(text, LENGTH);
    if (bytes.length != LENGTH) {
      throw new SteleException(
          "workflow.chain_id", what + " is " + bytes.length + " bytes, not " + LENGTH);
    }
    return bytes;
  }

  private static void checkLayout(byte[] bytes, int version, String what) {
    if (bytes.length != LENGTH) {
      throw new SteleException(
          "workflow.chain_id", what + " is " + bytes.length + " bytes, not " + LENGTH);
    }
    if ((bytes[0] & 0xff) != version) {
      throw new SteleException(
          "workflow.chain_id",
          what
              + " has version 0x"
              + Integer.toHexString(bytes[0] & 0xff)
              + ", not 0x"
              + Integer.toHexString(version));
    }
    byte[] sum = checksum(Arrays.copyOf(bytes, LENGTH - CHECKSUM));
    if (!Arrays.equals(bytes, LENGTH - CHECKSUM, LENGTH, sum, 0, CHECKSUM)) {
      throw new SteleException("workflow.chain_id", what + " has a wrong checksum");
    }
  }

  private static byte[] build(int version, byte[] namespaceSource, byte[] nonce) {
    if (nonce.length != NONCE) {
      throw new IllegalArgumentException("the nonce is " + NONCE + " bytes");
    }
    byte[] out = new byte[LENGTH];
    out[0] = (byte) version;
    System.arraycopy(nonce, 0, out, 1, NONCE);
    System.arraycopy(namespace(namespaceSource), 0, out, 1 + NONCE, NAMESPACE);
    byte[] sum = checksum(Arrays.copyOf(out, LENGTH - CHECKSUM));
    System.arraycopy(sum, 0, out, LENGTH - CHECKSUM, CHECKSUM);
    return out;
  }

  private static byte[] namespace(byte[] source) {
    return Arrays.copyOf(Hashes.secureHash(source), NAMESPACE);
  }

  private static byte[] checksum(byte[] prefix) {
    return Arrays.copyOf(Hashes.secureHash(prefix), CHECKSUM);
  }
}
