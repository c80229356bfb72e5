package io.stele.exchange.sealed;

import io.stele.core.bytes.Bytes;
import io.stele.core.codec.ByteReader;
import io.stele.core.codec.ByteWriter;
import io.stele.core.codec.CodecException;
import io.stele.core.crypto.HashFunction;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The bytes a client signs once for a whole bundle, all integers big-endian:
 *
 * <pre>
 * 19  "stele.sealed.bundle" (ASCII)   u8 version (1)   u8 chain id   i64 epoch
 * 32  epoch X25519 key   32  client Ed25519 key   u16 count K (1..256)
 * K x 32  SHA-256 of each member envelope's exact bytes, in bundle order
 * </pre>
 *
 * Every member's header (chain, epoch, epoch key, client, counter, agreement key) and ciphertext
 * are inside the bytes its hash covers, so the one signature vouches for each of them. The leading
 * text keeps these bytes from ever reading as an envelope (whose first byte is its version).
 */
public final class BundleStatement {
  static final byte[] DOMAIN = "stele.sealed.bundle".getBytes(StandardCharsets.US_ASCII);
  public static final int VERSION = 1;
  public static final int MAX_MEMBERS = 256;
  static final int FIXED_LENGTH = DOMAIN.length + 1 + 1 + 8 + 32 + 32 + 2;
  public static final int MAX_LENGTH = FIXED_LENGTH + MAX_MEMBERS * 32;

  private final byte[] encoded;
  private final int chainId;
  private final long epoch;
  private final Bytes epochKey;
  private final PublicKey client;
  private final List<Bytes> memberHashes;

  private BundleStatement(
      byte[] encoded,
      int chainId,
      long epoch,
      Bytes epochKey,
      PublicKey client,
      List<Bytes> memberHashes) {
    this.encoded = encoded;
    this.chainId = chainId;
    this.epoch = epoch;
    this.epochKey = epochKey;
    this.client = client;
    this.memberHashes = List.copyOf(memberHashes);
  }

  /** SHA-256 of a member's exact bytes: what the statement lists for it. */
  public static Bytes memberHash(SealedEnvelope member) {
    return Bytes.wrap(HashFunction.SHA256.hash(member.unsafeEncoded()));
  }

  /**
   * The statement over {@code members}, which the caller made under one chain, epoch and client.
   */
  static BundleStatement of(List<SealedEnvelope> members) {
    SealedEnvelope first = members.get(0);
    ByteWriter writer = new ByteWriter(FIXED_LENGTH + 32 * members.size());
    writer
        .fixed(DOMAIN)
        .u8(VERSION)
        .u8(first.chainId())
        .i64(first.epoch())
        .fixed(first.epochKey().unsafeArray())
        .fixed(first.client().bytes().unsafeArray())
        .u16(members.size());
    for (SealedEnvelope member : members) {
      writer.fixed(memberHash(member).unsafeArray());
    }
    return parse(writer.toByteArray());
  }

  /**
   * Parses statement bytes from outside, with limits; {@code exchange.bundle_malformed} names the
   * field that is wrong.
   */
  public static BundleStatement parse(byte[] bytes) {
    if (bytes.length > MAX_LENGTH) {
      throw malformed(
          "a bundle statement is at most " + MAX_LENGTH + " bytes, not " + bytes.length);
    }
    byte[] encoded = bytes.clone();
    try {
      ByteReader reader = new ByteReader(encoded);
      if (!Arrays.equals(reader.fixed(DOMAIN.length, "domain"), DOMAIN)) {
        throw malformed("a bundle statement starts with \"stele.sealed.bundle\"");
      }
      int version = reader.u8("version");
      if (version != VERSION) {
        throw malformed("bundle statement version " + version + " is unknown, expected 1");
      }
      int chainId = reader.u8("chain id");
      long epoch = reader.u63("epoch");
      Bytes epochKey = Bytes.wrap(reader.fixed(EpochKey.KEY_LENGTH, "epoch key"));
      PublicKey client = new PublicKey(Bytes.wrap(reader.fixed(PublicKey.LENGTH, "client key")));
      int count = reader.u16("count");
      if (count < 1 || count > MAX_MEMBERS) {
        throw malformed("count: a bundle has 1 to " + MAX_MEMBERS + " members, not " + count);
      }
      List<Bytes> hashes = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        hashes.add(Bytes.wrap(reader.fixed(32, "member hash")));
      }
      reader.end("bundle statement");
      return new BundleStatement(encoded, chainId, epoch, epochKey, client, hashes);
    } catch (CodecException e) {
      throw malformed(e.code() + ": " + e.getMessage());
    }
  }

  private static SteleException malformed(String message) {
    return new SteleException("exchange.bundle_malformed", message);
  }

  /** True when {@code signature} is the client's Ed25519 signature over exactly these bytes. */
  public boolean verify(byte[] signature) {
    return signature.length == PublicKey.SIGNATURE_LENGTH
        && client.verify(encoded, 0, encoded.length, signature);
  }

  public int chainId() {
    return chainId;
  }

  public long epoch() {
    return epoch;
  }

  public Bytes epochKey() {
    return epochKey;
  }

  public PublicKey client() {
    return client;
  }

  /** The SHA-256 of each member, in bundle order. */
  public List<Bytes> memberHashes() {
    return memberHashes;
  }

  public int count() {
    return memberHashes.size();
  }

  /**
   * Why {@code member} (at {@code index} of the bundle) does not belong to this statement, or null
   * when it does: it must be a version 2 envelope for the same chain, epoch, epoch key and client.
   */
  String foreign(SealedEnvelope member, int index) {
    if (!member.bundleMember()) {
      return "member " + index + " is a signed envelope, not a bundle member (version 2)";
    }
    if (member.chainId() != chainId
        || member.epoch() != epoch
        || !member.epochKey().equals(epochKey)
        || !member.client().equals(client)) {
      return "member " + index + " is not for the bundle's chain, epoch, epoch key and client";
    }
    return null;
  }

  /** The exact bytes, as signed and as published. */
  public Bytes bytes() {
    return Bytes.of(encoded);
  }
}
