package io.stele.exchange.venue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.exchange.sealed.SealedExchange;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Set;

/**
 * A request signed by a client's Ed25519 key (docs/exchange.md, "Signed requests"):
 *
 * <pre>
 * {"request": "&lt;request JSON as a string&gt;", "key": "&lt;base58&gt;", "signature": "&lt;base58&gt;"}
 * </pre>
 *
 * The signature covers {@code "stele.exchange.request.v1\n"} followed by the UTF-8 bytes of the
 * request string exactly as sent; the request is parsed from those bytes, never re-serialised. The
 * request carries {@code type}, {@code chain}, {@code time} and {@code nonce}; the account it acts
 * for is the one bound to the key ({@link SealedExchange#accountOf}).
 */
public record SignedRequest(
    PublicKey key, long account, String type, long time, long nonce, ObjectNode fields) {
  /** Largest request string, in characters; an order is a few hundred. */
  public static final int MAX_REQUEST_CHARS = 4096;

  private static final byte[] DOMAIN =
      "stele.exchange.request.v1\n".getBytes(StandardCharsets.UTF_8);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> ENVELOPE_FIELDS = Set.of("request", "key", "signature");

  /** Wraps {@code request} (a JSON object as text) into a signed envelope. */
  public static ObjectNode sign(KeyPair key, String request) {
    ObjectNode envelope = JSON.createObjectNode();
    envelope.put("request", request);
    envelope.put("key", key.publicKey().bytes().toBase58());
    envelope.put("signature", Bytes.wrap(key.sign(message(request))).toBase58());
    return envelope;
  }

  /**
   * Checks the envelope's structure, signature and chain, and returns the typed request. Freshness
   * and replays are the {@link ReplayGuard}'s job.
   */
  public static SignedRequest verify(JsonNode envelope, int chainId) {
    if (!envelope.isObject()) {
      throw malformed("a signed request is a JSON object with request, key and signature");
    }
    refuseUnknown(envelope, ENVELOPE_FIELDS, "signed request");
    String request = text(envelope, "request");
    if (request.length() > MAX_REQUEST_CHARS) {
      throw malformed("the request has more than " + MAX_REQUEST_CHARS + " characters");
    }
    PublicKey key;
    byte[] signature;
    try {
      key = new PublicKey(Bytes.fromBase58(text(envelope, "key"), PublicKey.LENGTH));
      signature =
          Bytes.fromBase58(text(envelope, "signature"), PublicKey.SIGNATURE_LENGTH).toArray();
    } catch (SteleException e) {
      throw malformed("key or signature: " + e.getMessage());
    }
    if (signature.length != PublicKey.SIGNATURE_LENGTH
        || !key.verify(message(request), signature)) {
      throw new SteleException(
          "exchange.bad_signature", "the signature does not verify for key " + key);
    }
    JsonNode parsed;
    try {
      parsed = JSON.readTree(request);
    } catch (JsonProcessingException e) {
      throw malformed("the request is not JSON: " + e.getOriginalMessage());
    }
    if (parsed == null || !parsed.isObject()) {
      throw malformed("the request must be a JSON object");
    }
    ObjectNode fields = (ObjectNode) parsed;
    String chain = text(fields, "chain");
    if (chain.length() != 1 || chain.charAt(0) != chainId) {
      throw new SteleException(
          "exchange.wrong_chain",
          "the request is for chain '" + chain + "', this venue is chain '" + (char) chainId + "'");
    }
    long time = integer(fields, "time");
    long nonce = integer(fields, "nonce");
    String type = text(fields, "type");
    for (String name : Set.of("chain", "time", "nonce", "type")) {
      fields.remove(name);
    }
    return new SignedRequest(key, SealedExchange.accountOf(key), type, time, nonce, fields);
  }

  static byte[] message(String request) {
    byte[] body = request.getBytes(StandardCharsets.UTF_8);
    byte[] message = new byte[DOMAIN.length + body.length];
    System.arraycopy(DOMAIN, 0, message, 0, DOMAIN.length);
    System.arraycopy(body, 0, message, DOMAIN.length, body.length);
    return message;
  }

  /** Refuses any field of the request (besides type, chain, time, nonce) not in {@code known}. */
  public void allowOnly(Set<String> known) {
    refuseUnknown(fields, known, type + " request");
  }

  static void refuseUnknown(JsonNode node, Set<String> known, String what) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw malformed(what + " has an unknown field '" + name + "'");
      }
    }
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw malformed("field '" + field + "' must be a string");
    }
    return value.asText();
  }

  /** A non-negative integer that fits 63 bits. */
  static long integer(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null
        || !value.isIntegralNumber()
        || !value.canConvertToLong()
        || value.asLong() < 0) {
      throw malformed("field '" + field + "' must be a non-negative integer below 2^63");
    }
    return value.asLong();
  }

  static SteleException malformed(String message) {
    return new SteleException("exchange.malformed", message);
  }
}
