package io.stele.workflow.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.crypto.Hashes;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.encoding.Base58;
import io.stele.core.error.SteleException;
import io.stele.workflow.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One signed event of an LTO event chain (format v1). The body is kept exactly as received (base58
 * of the raw JSON bytes); the signed message is {@code body\ntimestamp\nprevious\nsignkey}, plus
 * {@code \n<original hash>} for a rebased event, and the hash is base58(SHA-256(message)).
 *
 * @param original for a rebased event, the event as it was first signed; otherwise null
 */
public record Event(
    String origin,
    String body,
    long timestamp,
    String previous,
    String signkey,
    String signature,
    String hash,
    JsonNode receipt,
    Original original) {

  /** Largest accepted body, in bytes once decoded. */
  public static final int MAX_BODY_BYTES = 1 << 20;

  /** The signed part of a rebased event's first version; it shares the body of the event. */
  public record Original(
      long timestamp, String previous, String signkey, String signature, String hash) {
    public Original {
      Objects.requireNonNull(previous, "previous");
      Objects.requireNonNull(signkey, "signkey");
      Objects.requireNonNull(hash, "hash");
    }
  }

  public Event {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(previous, "previous");
    Objects.requireNonNull(signkey, "signkey");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(hash, "hash");
    receipt = receipt == null ? NullNode.getInstance() : receipt;
  }

  /** Signs a new event whose body is the given raw JSON bytes. */
  public static Event sign(
      String origin, byte[] bodyJson, long timestamp, String previous, KeyPair key) {
    String body = Base58.encode(bodyJson);
    String signkey = key.publicKey().bytes().toBase58();
    byte[] message = message(body, timestamp, previous, signkey, null);
    return new Event(
        origin,
        body,
        timestamp,
        previous,
        signkey,
        Base58.encode(key.sign(message)),
        Base58.encode(Hashes.sha256(message)),
        NullNode.getInstance(),
        null);
  }

  /** This event with its anchoring receipt; the receipt is not signed, so the hash stays. */
  public Event withReceipt(JsonNode anchorReceipt) {
    return new Event(
        origin, body, timestamp, previous, signkey, signature, hash, anchorReceipt, original);
  }

  /**
   * This event re-signed by {@code key} after {@code newPrevious}, as LTO rebases the losing side
   * of a fork: same body, {@code original} keeps the first signed version (also when this event was
   * itself rebased before), and the message gains {@code \n<original hash>}.
   */
  public Event rebase(String newPrevious, long newTimestamp, KeyPair key) {
    Original first =
        original != null ? original : new Original(timestamp, previous, signkey, signature, hash);
    String newSignkey = key.publicKey().bytes().toBase58();
    byte[] message = message(body, newTimestamp, newPrevious, newSignkey, first.hash());
    return new Event(
        origin,
        body,
        newTimestamp,
        newPrevious,
        newSignkey,
        Base58.encode(key.sign(message)),
        Base58.encode(Hashes.sha256(message)),
        NullNode.getInstance(),
        first);
  }

  /** The exact bytes that are hashed and signed. */
  public byte[] message() {
    return message(body, timestamp, previous, signkey, original == null ? null : original.hash());
  }

  /** base58(SHA-256(message)): what {@link #hash} must be. */
  public String computedHash() {
    return Base58.encode(Hashes.sha256(message()));
  }

  /** True if {@link #signature} is a valid Ed25519 signature of the message by {@link #signkey}. */
  public boolean signatureValid() {
    try {
      PublicKey key = PublicKey.fromBase58(signkey);
      byte[] sig = Base58.decode(signature, PublicKey.SIGNATURE_LENGTH + 1);
      return sig.length == PublicKey.SIGNATURE_LENGTH && key.verify(message(), sig);
    } catch (SteleException e) {
      return false;
    }
  }

  /** For a rebased event, the event as it was first signed (same body); otherwise null. */
  public Event originalEvent() {
    return original == null
        ? null
        : new Event(
            origin,
            body,
            original.timestamp(),
            original.previous(),
            original.signkey(),
            original.signature(),
            original.hash(),
            null,
            null);
  }

  /** The raw JSON bytes of the body. */
  public byte[] bodyBytes() {
    return Base58.decode(body, MAX_BODY_BYTES);
  }

  /** The body parsed as JSON. */
  public JsonNode bodyJson() {
    return Json.parse(bodyBytes(), MAX_BODY_BYTES, "body of event " + hash);
  }

  /** The event in the fixtures' JSON shape. */
  public ObjectNode toJson() {
    ObjectNode node = Json.NODES.objectNode();
    node.put("origin", origin);
    node.put("body", body);
    node.put("timestamp", timestamp);
    node.put("previous", previous);
    node.put("signkey", signkey);
    node.put("signature", signature);
    node.put("hash", hash);
    node.set("receipt", receipt);
    if (original == null) {
      node.putNull("original");
    } else {
      ObjectNode o = node.putObject("original");
      o.put("timestamp", original.timestamp());
      o.put("previous", original.previous());
      o.put("signkey", original.signkey());
      o.put("signature", original.signature());
      o.put("hash", original.hash());
    }
    return node;
  }

  private static byte[] message(
      String body, long timestamp, String previous, String signkey, String originalHash) {
    StringBuilder text =
        new StringBuilder(body.length() + 128)
            .append(body)
            .append('\n')
            .append(timestamp)
            .append('\n')
            .append(previous)
            .append('\n')
            .append(signkey);
    if (originalHash != null) {
      text.append('\n').append(originalHash);
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }
}
