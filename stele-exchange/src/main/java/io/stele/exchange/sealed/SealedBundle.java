package io.stele.exchange.sealed;

import io.stele.core.bytes.Bytes;
import io.stele.core.codec.ByteReader;
import io.stele.core.codec.ByteWriter;
import io.stele.core.codec.CodecException;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import java.util.ArrayList;
import java.util.List;

/**
 * Orders one client seals in one epoch and signs once: K member envelopes (version 2, each
 * encrypted on its own under the client's epoch key and its own counter) and one Ed25519 signature
 * over their {@link BundleStatement}. The bytes, integers big-endian:
 *
 * <pre>
 * statement (95 + 32 K bytes)   64 Ed25519 signature over the statement
 * K x (u32 length, member envelope bytes)
 * </pre>
 *
 * Parsing checks that each member is the one the statement lists (its SHA-256) and is a member for
 * the statement's chain, epoch, epoch key and client, with counters rising; the sequencer admits
 * all members or none, consecutively.
 */
public final class SealedBundle {
  /** The largest bundle accepted, whatever its member count. */
  public static final int MAX_LENGTH = 256 * 1024;

  private final BundleStatement statement;
  private final byte[] signature;
  private final List<SealedEnvelope> members;

  /** 0 not checked yet, 1 valid, 2 invalid; a race only repeats the same pure check. */
  private int signatureState;

  private SealedBundle(BundleStatement statement, byte[] signature, List<SealedEnvelope> members) {
    this.statement = statement;
    this.signature = signature;
    this.members = List.copyOf(members);
  }

  /** Signs {@code members} (made by one client under one epoch, counters rising) as a bundle. */
  static SealedBundle sign(List<SealedEnvelope> members, KeyPair client) {
    BundleStatement statement = BundleStatement.of(members);
    return new SealedBundle(statement, client.sign(statement.bytes().unsafeArray()), members);
  }

  /**
   * Parses bundle bytes from outside; {@code exchange.bundle_too_large} over {@link #MAX_LENGTH},
   * {@code exchange.bundle_malformed} naming what is wrong otherwise. The signature is checked by
   * {@link #signatureValid()}.
   */
  public static SealedBundle parse(byte[] bytes) {
    if (bytes.length > MAX_LENGTH) {
      throw new SteleException(
          "exchange.bundle_too_large",
          "a bundle is at most " + MAX_LENGTH + " bytes, this one has " + bytes.length);
    }
    try {
      ByteReader reader = new ByteReader(bytes);
      int count = bytes.length < BundleStatement.FIXED_LENGTH ? 0 : countAt(bytes);
      BundleStatement statement =
          BundleStatement.parse(
              reader.fixed(
                  Math.min(BundleStatement.FIXED_LENGTH + 32 * count, bytes.length), "statement"));
      byte[] signature = reader.fixed(PublicKey.SIGNATURE_LENGTH, "signature");
      List<SealedEnvelope> members = new ArrayList<>(statement.count());
      for (int i = 0; i < statement.count(); i++) {
        byte[] encoded = reader.bytes32(SealedEnvelope.MAX_LENGTH, "member " + i);
        SealedEnvelope member;
        try {
          member = SealedEnvelope.parse(encoded);
        } catch (SteleException e) {
          throw malformed("member " + i + ": " + e.getMessage());
        }
        String foreign = statement.foreign(member, i);
        if (foreign != null) {
          throw malformed(foreign);
        }
        if (!BundleStatement.memberHash(member).equals(statement.memberHashes().get(i))) {
          throw malformed("member " + i + " is not the envelope the statement lists");
        }
        if (i > 0 && member.counter() <= members.get(i - 1).counter()) {
          throw malformed("member " + i + ": counters must rise within a bundle");
        }
        members.add(member);
      }
      reader.end("bundle");
      return new SealedBundle(statement, signature, members);
    } catch (CodecException e) {
      throw malformed(e.code() + ": " + e.getMessage());
    }
  }

  private static int countAt(byte[] bytes) {
    int at = BundleStatement.FIXED_LENGTH - 2;
    return ((bytes[at] & 0xff) << 8) | (bytes[at + 1] & 0xff);
  }

  private static SteleException malformed(String message) {
    return new SteleException("exchange.bundle_malformed", message);
  }

  /** True when the client's signature covers the statement. Checked once and remembered. */
  public boolean signatureValid() {
    int state = signatureState;
    if (state == 0) {
      state = statement.verify(signature) ? 1 : 2;
      signatureState = state;
    }
    return state == 1;
  }

  public BundleStatement statement() {
    return statement;
  }

  /** The member envelopes, in the order they are sealed. */
  public List<SealedEnvelope> members() {
    return members;
  }

  public PublicKey client() {
    return statement.client();
  }

  public long epoch() {
    return statement.epoch();
  }

  /** What a batch publishes for this bundle once its first member sits at {@code position}. */
  BundleSignature at(int position) {
    return new BundleSignature(position, statement.bytes(), Bytes.of(signature));
  }

  /** The exact bytes, as a client sends them. */
  public Bytes bytes() {
    Bytes statementBytes = statement.bytes();
    int length = statementBytes.length() + signature.length;
    for (SealedEnvelope member : members) {
      length += 4 + member.unsafeEncoded().length;
    }
    ByteWriter writer = new ByteWriter(length);
    writer.fixed(statementBytes.unsafeArray()).fixed(signature);
    for (SealedEnvelope member : members) {
      writer.bytes32(member.unsafeEncoded());
    }
    return Bytes.wrap(writer.toByteArray());
  }

  @Override
  public String toString() {
    return "bundle of "
        + members.size()
        + " from "
        + statement.client()
        + " (epoch "
        + statement.epoch()
        + ", counters "
        + members.get(0).counter()
        + ".."
        + members.get(members.size() - 1).counter()
        + ")";
  }
}
