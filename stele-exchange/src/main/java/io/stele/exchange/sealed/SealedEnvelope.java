package io.stele.exchange.sealed;

import io.stele.core.bytes.Bytes;
import io.stele.core.codec.ByteReader;
import io.stele.core.codec.ByteWriter;
import io.stele.core.codec.CodecException;
import io.stele.core.crypto.HashFunction;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.encoding.Base58;
import io.stele.core.error.SteleException;
import io.stele.core.merkle.MerkleTree;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An order sealed to an epoch key and signed by its client. The bytes, all integers big-endian:
 *
 * <pre>
 * u8  version (1)         u8  chain id        i64 epoch           32  epoch X25519 key
 * 32  client Ed25519 key  i64 counter         32  client X25519 key
 * u32 length, ciphertext (AES-256-GCM, tag included)
 * 64  Ed25519 signature over every byte before it
 * </pre>
 *
 * The first 114 bytes (the header) are also the associated data of the encryption. The epoch key is
 * in the header so that the client's signature says which key it sealed to: nobody can later pass
 * off another key as the epoch's.
 *
 * <p>Version 2 is a member of a {@link SealedBundle}: the same bytes without the signature, which
 * the bundle's one signature replaces. A member is never admitted on its own.
 */
public final class SealedEnvelope {
  public static final int VERSION = 1;
  public static final int MEMBER_VERSION = 2;
  public static final int HEADER_LENGTH = 1 + 1 + 8 + 32 + 32 + 8 + 32;
  public static final int TAG_LENGTH = 16;
  public static final int MAX_PAYLOAD_LENGTH = 4096;
  public static final int MAX_LENGTH =
      HEADER_LENGTH + 4 + MAX_PAYLOAD_LENGTH + TAG_LENGTH + PublicKey.SIGNATURE_LENGTH;

  private final byte[] encoded;
  private final boolean member;
  private final int chainId;
  private final long epoch;
  private final Bytes epochKey;
  private final PublicKey client;
  private final long counter;
  private final int ciphertextOffset;
  private final int ciphertextLength;

  /** 0 not checked yet, 1 valid, 2 invalid; a race only repeats the same pure check. */
  private int signatureState;

  /**
   * The RFC 6962 leaf hash and its base58 text, once asked for; a race only repeats them. Volatile
   * so that a thread that sees an array also sees its contents.
   */
  private volatile byte[] leafHash;

  private volatile byte[] leafHashText;

  private SealedEnvelope(
      byte[] encoded,
      boolean member,
      int chainId,
      long epoch,
      Bytes epochKey,
      PublicKey client,
      long counter,
      int ciphertextOffset,
      int ciphertextLength) {
    this.encoded = encoded;
    this.member = member;
    this.chainId = chainId;
    this.epoch = epoch;
    this.epochKey = epochKey;
    this.client = client;
    this.counter = counter;
    this.ciphertextOffset = ciphertextOffset;
    this.ciphertextLength = ciphertextLength;
  }

  /** The header bytes: the start of the envelope and the encryption's associated data. */
  static byte[] header(
      int version,
      int chainId,
      long epoch,
      byte[] epochKey,
      PublicKey client,
      long counter,
      byte[] clientAgreementKey) {
    return new ByteWriter(HEADER_LENGTH)
        .u8(version)
        .u8(chainId)
        .i64(epoch)
        .fixed(epochKey)
        .fixed(client.bytes().unsafeArray())
        .i64(counter)
        .fixed(clientAgreementKey)
        .toByteArray();
  }

  /** Appends the ciphertext to {@code header} and signs the whole with {@code signer}. */
  static SealedEnvelope sign(byte[] header, byte[] ciphertext, KeyPair signer) {
    ByteWriter writer =
        new ByteWriter(header.length + 4 + ciphertext.length + PublicKey.SIGNATURE_LENGTH);
    writer.fixed(header).bytes32(ciphertext);
    byte[] unsigned = writer.toByteArray();
    writer.fixed(signer.sign(unsigned));
    return parse(writer.toByteArray());
  }

  /** A bundle member: {@code header} (version 2) and the ciphertext, unsigned. */
  static SealedEnvelope member(byte[] header, byte[] ciphertext) {
    return parse(
        new ByteWriter(header.length + 4 + ciphertext.length)
            .fixed(header)
            .bytes32(ciphertext)
            .toByteArray());
  }

  /**
   * Parses envelope bytes from outside. Checks structure and limits only; the signature is checked
   * by {@link #signatureValid()}. Throws {@code sealed.malformed} with what was wrong.
   */
  public static SealedEnvelope parse(byte[] bytes) {
    if (bytes.length > MAX_LENGTH) {
      throw new SteleException(
          "sealed.malformed",
          "an envelope is at most " + MAX_LENGTH + " bytes, this one has " + bytes.length);
    }
    byte[] encoded = bytes.clone();
    try {
      ByteReader reader = new ByteReader(encoded);
      int version = reader.u8("version");
      if (version != VERSION && version != MEMBER_VERSION) {
        throw new SteleException(
            "sealed.malformed", "envelope version " + version + " is unknown, expected 1 or 2");
      }
      int chainId = reader.u8("chain id");
      long epoch = reader.u63("epoch");
      Bytes epochKey = Bytes.wrap(reader.fixed(EpochKey.KEY_LENGTH, "epoch key"));
      PublicKey client = new PublicKey(Bytes.wrap(reader.fixed(PublicKey.LENGTH, "client key")));
      long counter = reader.u63("counter");
      reader.fixed(EpochKey.KEY_LENGTH, "client agreement key");
      int ciphertextLength = (int) reader.u32("ciphertext");
      int offset = reader.position();
      if (ciphertextLength < TAG_LENGTH || ciphertextLength > MAX_PAYLOAD_LENGTH + TAG_LENGTH) {
        throw new SteleException(
            "sealed.malformed",
            "ciphertext: length "
                + ciphertextLength
                + " is outside "
                + TAG_LENGTH
                + ".."
                + (MAX_PAYLOAD_LENGTH + TAG_LENGTH));
      }
      reader.fixed(ciphertextLength, "ciphertext");
      boolean member = version == MEMBER_VERSION;
      if (!member) {
        reader.fixed(PublicKey.SIGNATURE_LENGTH, "signature");
      }
      reader.end("envelope");
      return new SealedEnvelope(
          encoded, member, chainId, epoch, epochKey, client, counter, offset, ciphertextLength);
    } catch (CodecException e) {
      throw new SteleException("sealed.malformed", e.code() + ": " + e.getMessage(), e);
    }
  }

  /**
   * True when the client's Ed25519 signature covers exactly the bytes before it. Checked once and
   * remembered, so a pool of threads can verify envelopes before the single-threaded sequencer
   * admits them. Always false for a bundle member, which carries no signature of its own.
   */
  public boolean signatureValid() {
    if (member) {
      return false;
    }
    int state = signatureState;
    if (state == 0) {
      int signed = encoded.length - PublicKey.SIGNATURE_LENGTH;
      byte[] signature = new byte[PublicKey.SIGNATURE_LENGTH];
      System.arraycopy(encoded, signed, signature, 0, signature.length);
      state = client.verify(encoded, 0, signed, signature) ? 1 : 2;
      signatureState = state;
    }
    return state == 1;
  }

  /** True for a version 2 envelope: a member of a bundle, signed only through it. */
  public boolean bundleMember() {
    return member;
  }

  public int chainId() {
    return chainId;
  }

  public long epoch() {
    return epoch;
  }

  /** The epoch X25519 public key the client sealed this order to. */
  public Bytes epochKey() {
    return epochKey;
  }

  public PublicKey client() {
    return client;
  }

  public long counter() {
    return counter;
  }

  /** The client's X25519 public key for this epoch. */
  public byte[] agreementKey() {
    byte[] key = new byte[EpochKey.KEY_LENGTH];
    System.arraycopy(encoded, HEADER_LENGTH - EpochKey.KEY_LENGTH, key, 0, key.length);
    return key;
  }

  byte[] unsafeEncoded() {
    return encoded;
  }

  /**
   * The RFC 6962 leaf hash of the exact bytes, computed once and remembered: the sequencer asks as
   * it admits the envelope, so sealing and publishing the batch do not hash its leaves again. The
   * array is shared; callers must not change it.
   */
  byte[] leafHash() {
    byte[] hash = leafHash;
    if (hash == null) {
      hash = MerkleTree.leafHash(HashFunction.SHA256, encoded);
      leafHash = hash;
    }
    return hash;
  }

  /**
   * {@link #leafHash()} in base58 (ASCII bytes), as the batch file lists it; remembered like the
   * hash, and shared in the same way.
   */
  byte[] leafHashText() {
    byte[] text = leafHashText;
    if (text == null) {
      text = Base58.encode(leafHash()).getBytes(StandardCharsets.US_ASCII);
      leafHashText = text;
    }
    return text;
  }

  int ciphertextOffset() {
    return ciphertextOffset;
  }

  int ciphertextLength() {
    return ciphertextLength;
  }

  /** The exact bytes, as signed and as hashed into the batch's Merkle tree. */
  public Bytes bytes() {
    return Bytes.of(encoded);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SealedEnvelope e && Arrays.equals(encoded, e.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "envelope " + client + "#" + counter + " (epoch " + epoch + ")";
  }
}
