package io.stele.ledger.tx;

import io.stele.core.address.Address;
import io.stele.core.anchor.Anchorer;
import io.stele.core.bytes.Bytes;
import io.stele.core.codec.ByteReader;
import io.stele.core.codec.ByteWriter;
import io.stele.core.crypto.HashFunction;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.ledger.consensus.Evidence;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A signed ledger transaction, kept together with the exact bytes it was decoded from or signed as.
 * Wire layout (docs/ledger.md): the signed bytes {@code version u8, type u8, chain id u8, sender
 * public key 32, nonce i64, timestamp i64, fee i64, payload}, then the 64-byte Ed25519 signature
 * over them. The id is SHA-256 of the signed bytes.
 */
public final class Transaction {
  public static final int VERSION = 1;

  /** Hard bound of the decoder, whatever the chain parameters say. */
  public static final int MAX_BYTES = 16 * 1024;

  /** Hard bound on hashes in one anchor transaction, as LTO's anchor transaction. */
  public static final int MAX_ANCHORS = 100;

  private final byte chainId;
  private final PublicKey sender;
  private final long nonce;
  private final long timestamp;
  private final long fee;
  private final Payload payload;
  private final Bytes encoded;
  private final int signedLength;
  private final Bytes id;
  private volatile Address senderAddress;

  private Transaction(
      byte chainId,
      PublicKey sender,
      long nonce,
      long timestamp,
      long fee,
      Payload payload,
      byte[] encoded,
      int signedLength) {
    this.chainId = chainId;
    this.sender = sender;
    this.nonce = nonce;
    this.timestamp = timestamp;
    this.fee = fee;
    this.payload = payload;
    this.encoded = Bytes.wrap(encoded);
    this.signedLength = signedLength;
    this.id = Bytes.wrap(HashFunction.SHA256.hash(encoded, 0, signedLength));
  }

  /** Encodes and signs; the payload is checked by the same rules as decoding. */
  public static Transaction sign(
      byte chainId, KeyPair key, long nonce, long timestamp, long fee, Payload payload) {
    checkPayload(payload);
    if (nonce < 0 || fee < 0) {
      throw new SteleException("tx.range", "nonce and fee must not be negative");
    }
    ByteWriter w = new ByteWriter(128);
    w.u8(VERSION).u8(payload.type().code()).u8(chainId & 0xFF);
    w.fixed(key.publicKey().bytes().unsafeArray()).i64(nonce).i64(timestamp).i64(fee);
    writePayload(w, payload);
    byte[] signed = w.toByteArray();
    if (signed.length + PublicKey.SIGNATURE_LENGTH > MAX_BYTES) {
      throw new SteleException("tx.too_large", "transaction over " + MAX_BYTES + " bytes");
    }
    byte[] signature = key.sign(signed);
    byte[] encoded = new byte[signed.length + signature.length];
    System.arraycopy(signed, 0, encoded, 0, signed.length);
    System.arraycopy(signature, 0, encoded, signed.length, signature.length);
    return new Transaction(
        chainId, key.publicKey(), nonce, timestamp, fee, payload, encoded, signed.length);
  }

  /** Decodes strictly; does not check the signature (see {@link #hasValidSignature()}). */
  public static Transaction decode(byte[] bytes) {
    if (bytes.length > MAX_BYTES) {
      throw new SteleException(
          "tx.too_large", "transaction is " + bytes.length + " bytes, over " + MAX_BYTES);
    }
    byte[] copy = bytes.clone();
    ByteReader r = new ByteReader(copy);
    int version = r.u8("tx.version");
    if (version != VERSION) {
      throw new SteleException("tx.version", "unknown transaction version " + version);
    }
    TransactionType type = TransactionType.ofCode(r.u8("tx.type"));
    byte chainId = (byte) r.u8("tx.chainId");
    PublicKey sender = new PublicKey(Bytes.wrap(r.fixed(PublicKey.LENGTH, "tx.sender")));
    long nonce = r.u63("tx.nonce");
    long timestamp = r.i64("tx.timestamp");
    long fee = r.u63("tx.fee");
    Payload payload = readPayload(r, type);
    int signedLength = r.position();
    r.fixed(PublicKey.SIGNATURE_LENGTH, "tx.signature");
    r.end("transaction");
    checkPayload(payload);
    return new Transaction(chainId, sender, nonce, timestamp, fee, payload, copy, signedLength);
  }

  private static void writePayload(ByteWriter w, Payload payload) {
    switch (payload) {
      case Payload.Transfer t -> w.fixed(t.recipient().bytes().unsafeArray()).i64(t.amount());
      case Payload.Anchor a -> {
        w.u16(a.hashes().size());
        for (Bytes hash : a.hashes()) {
          w.bytes16(hash.unsafeArray());
        }
      }
      case Payload.RegisterCandidate c -> w.i64(c.deposit());
      case Payload.Vote v -> w.fixed(v.candidate().bytes().unsafeArray()).i64(v.amount());
      case Payload.EvidenceReport e -> w.bytes16(e.evidence().encode());
    }
  }

  private static Payload readPayload(ByteReader r, TransactionType type) {
    return switch (type) {
      case TRANSFER ->
          new Payload.Transfer(
              Addresses.decode(Bytes.wrap(r.fixed(Address.LENGTH, "transfer.recipient"))),
              r.u63("transfer.amount"));
      case ANCHOR -> {
        int count = r.u16("anchor.count");
        if (count == 0 || count > MAX_ANCHORS) {
          throw new SteleException(
              "tx.anchor_count", "an anchor transaction holds 1 to 100 hashes, not " + count);
        }
        List<Bytes> hashes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          hashes.add(Bytes.wrap(r.bytes16(Anchorer.MAX_HASH_LENGTH, "anchor.hash")));
        }
        yield new Payload.Anchor(hashes);
      }
      case REGISTER_CANDIDATE -> new Payload.RegisterCandidate(r.u63("candidate.deposit"));
      case VOTE ->
          new Payload.Vote(
              new PublicKey(Bytes.wrap(r.fixed(PublicKey.LENGTH, "vote.candidate"))),
              r.u63("vote.amount"));
      case EVIDENCE ->
          new Payload.EvidenceReport(
              Evidence.decode(r.bytes16(Evidence.MAX_BYTES, "evidence.bytes")));
    };
  }

  /** Rules a payload obeys on any chain, checked on decode and before signing. */
  private static void checkPayload(Payload payload) {
    if (payload instanceof Payload.Anchor anchor) {
      int count = anchor.hashes().size();
      if (count == 0 || count > MAX_ANCHORS) {
        throw new SteleException(
            "tx.anchor_count", "an anchor transaction holds 1 to 100 hashes, not " + count);
      }
      Set<Bytes> seen = new HashSet<>();
      for (Bytes hash : anchor.hashes()) {
        if (hash.length() == 0 || hash.length() > Anchorer.MAX_HASH_LENGTH) {
          throw new SteleException(
              "tx.anchor_length", "an anchored hash is 1 to 64 bytes, not " + hash.length());
        }
        if (!seen.add(hash)) {
          throw new SteleException(
              "tx.anchor_duplicate", "hash " + hash.toBase58() + " appears twice");
        }
      }
    } else if (!(payload instanceof Payload.EvidenceReport) && payload.amount() <= 0) {
      throw new SteleException(
          "tx.amount",
          payload.type().label() + " amount must be positive, got " + payload.amount());
    }
  }

  /** Verifies the Ed25519 signature over the signed bytes; done once, at admission. */
  public boolean hasValidSignature() {
    byte[] all = encoded.unsafeArray();
    byte[] signature = new byte[PublicKey.SIGNATURE_LENGTH];
    System.arraycopy(all, signedLength, signature, 0, signature.length);
    return sender.verify(all, 0, signedLength, signature);
  }

  public TransactionType type() {
    return payload.type();
  }

  public byte chainId() {
    return chainId;
  }

  public PublicKey sender() {
    return sender;
  }

  public Address senderAddress() {
    Address address = senderAddress;
    if (address == null) {
      address = Addresses.of(sender, chainId);
      senderAddress = address;
    }
    return address;
  }

  public long nonce() {
    return nonce;
  }

  public long timestamp() {
    return timestamp;
  }

  public long fee() {
    return fee;
  }

  public Payload payload() {
    return payload;
  }

  /** SHA-256 of the signed bytes. */
  public Bytes id() {
    return id;
  }

  /** The signed bytes followed by the signature, exactly as transmitted. */
  public Bytes encoded() {
    return encoded;
  }

  public Bytes signature() {
    return encoded.slice(signedLength, encoded.length());
  }

  public int size() {
    return encoded.length();
  }

  /** Everything the sender gives up: fee plus amount moved, deposited or staked. */
  public long cost() {
    return Math.addExact(fee, payload.amount());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Transaction t && encoded.equals(t.encoded);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }
}
