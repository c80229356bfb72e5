package io.stele.core.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/** The hash functions Stele uses; every one of them gives 32 bytes. */
public enum HashFunction {
  SHA256("SHA-256"),
  SHA3_256("SHA3-256"),
  BLAKE2B_256(null);

  public static final int LENGTH = 32;

  private final String jdkName;
  private final ThreadLocal<Object> digest;

  HashFunction(String jdkName) {
    this.jdkName = jdkName;
    this.digest = ThreadLocal.withInitial(this::newDigest);
  }

  private Object newDigest() {
    if (jdkName == null) {
      return new Blake2bDigest(256);
    }
    try {
      return MessageDigest.getInstance(jdkName);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(jdkName + " is missing from this JDK", e);
    }
  }

  public byte[] hash(byte[] data) {
    return hash(data, 0, data.length);
  }

  public byte[] hash(byte[] data, int offset, int length) {
    Object d = digest.get();
    if (d instanceof MessageDigest md) {
      md.update(data, offset, length);
      return md.digest();
    }
    Digest bc = (Digest) d;
    bc.update(data, offset, length);
    byte[] out = new byte[LENGTH];
    bc.doFinal(out, 0);
    return out;
  }

  /** Hashes the concatenation of {@code parts} without building it. */
  public byte[] hash(byte[]... parts) {
    Object d = digest.get();
    if (d instanceof MessageDigest md) {
      for (byte[] part : parts) {
        md.update(part);
      }
      return md.digest();
    }
    Digest bc = (Digest) d;
    for (byte[] part : parts) {
      bc.update(part, 0, part.length);
    }
    byte[] out = new byte[LENGTH];
    bc.doFinal(out, 0);
    return out;
  }
}
