package io.stele.core.address;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.Hashes;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import java.util.Arrays;

/**
 * An account address in the LTO/Waves layout (26 bytes): version {@code 0x01}, the chain id byte,
 * the first 20 bytes of SHA-256(BLAKE2b-256(public key)), and a 4-byte checksum: the first 4 bytes
 * of the same secure hash over the 22 bytes before it. Shown in base58.
 */
public record Address(Bytes bytes) implements Comparable<Address> {
  public static final int LENGTH = 26;
  public static final byte VERSION = 1;
  private static final int HASH_LENGTH = 20;
  private static final int CHECKSUM_LENGTH = 4;

  /** Checks the layout and the checksum. */
  public Address {
    byte[] b = bytes.unsafeArray();
    if (b.length != LENGTH) {
      throw new SteleException(
          "address.length", "an address is " + LENGTH + " bytes, not " + b.length);
    }
    if (b[0] != VERSION) {
      throw new SteleException("address.version", "unknown address version " + (b[0] & 0xFF));
    }
    if (!Arrays.equals(checksum(b), 0, CHECKSUM_LENGTH, b, 22, LENGTH)) {
      throw new SteleException("address.checksum", "address checksum does not match");
    }
  }

  public static Address of(PublicKey key, byte chainId) {
    byte[] b = new byte[LENGTH];
    b[0] = VERSION;
    b[1] = chainId;
    System.arraycopy(Hashes.secureHash(key.bytes().unsafeArray()), 0, b, 2, HASH_LENGTH);
    System.arraycopy(checksum(b), 0, b, 22, CHECKSUM_LENGTH);
    return new Address(Bytes.wrap(b));
  }

  public static Address fromBase58(String text) {
    return new Address(Bytes.fromBase58(text, LENGTH));
  }

  /** Parses {@code text} and also checks that it belongs to the network {@code chainId}. */
  public static Address fromBase58(String text, byte chainId) {
    Address address = fromBase58(text);
    if (address.chainId() != chainId) {
      throw new SteleException(
          "address.chain",
          "address "
              + text
              + " is for chain '"
              + (char) address.chainId()
              + "', not '"
              + (char) chainId
              + "'");
    }
    return address;
  }

  public byte chainId() {
    return bytes.get(1);
  }

  /** True when this address is the one {@code key} gives on this address's chain. */
  public boolean belongsTo(PublicKey key) {
    return equals(of(key, chainId()));
  }

  private static byte[] checksum(byte[] address) {
    return Hashes.secureHash(Arrays.copyOf(address, 22));
  }

  @Override
  public int compareTo(Address other) {
    return bytes.compareTo(other.bytes);
  }

  @Override
  public String toString() {
    return bytes.toBase58();
  }
}
