package io.stele.workflow.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.workflow.json.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A party's identity in an event chain (LTO identity schema v0.2.0): the node it uses, its sign
 * keys by role ({@code default} for the person, {@code system} for the node acting for them), and
 * the X25519 key others encrypt to.
 *
 * @param node the node this identity uses, or null
 */
public record Identity(String id, String node, Map<String, PublicKey> signkeys, Bytes encryptkey) {
  public static final String SCHEMA = "https://specs.livecontracts.io/v0.2.0/identity/schema.json#";
  private static final int MAX_ID = 256;

  public Identity {
    signkeys = Collections.unmodifiableMap(new LinkedHashMap<>(signkeys));
  }

  /** True if {@code key} is one of this identity's sign keys. */
  public boolean signsWith(PublicKey key) {
    return signkeys.containsValue(key);
  }

  /** The identity object in LTO's shape; {@link #fromJson} reads it back. */
  public ObjectNode toJson() {
    ObjectNode node = Json.NODES.objectNode();
    node.put("$schema", SCHEMA);
    node.put("id", id);
    if (this.node != null) {
      node.put("node", this.node);
    }
    ObjectNode keys = node.putObject("signkeys");
    signkeys.forEach((role, key) -> keys.put(role, key.bytes().toBase58()));
    if (encryptkey != null) {
      node.put("encryptkey", encryptkey.toBase58());
    }
    return node;
  }

  /** Reads an identity object; {@code where} names it in errors. */
  public static Identity fromJson(JsonNode node, String where) {
    if (!node.isObject()) {
      throw bad(where, "must be an object");
    }
    JsonNode schema = node.get("$schema");
    if (schema != null && !SCHEMA.equals(schema.asText())) {
      throw bad(where + ".$schema", "is " + schema.asText() + ", not " + SCHEMA);
    }
    String id = text(node, "id", where, true);
    String nodeName = text(node, "node", where, false);
    JsonNode keys = node.get("signkeys");
    if (keys == null || !keys.isObject() || keys.isEmpty()) {
      throw bad(where + ".signkeys", "must be an object with at least one key");
    }
    Map<String, PublicKey> signkeys = new LinkedHashMap<>();
    keys.fields()
        .forEachRemaining(
            e -> {
              if (!e.getValue().isTextual()) {
                throw bad(where + ".signkeys." + e.getKey(), "must be a base58 string");
              }
              try {
                signkeys.put(e.getKey(), PublicKey.fromBase58(e.getValue().textValue()));
              } catch (SteleException ex) {
                throw bad(
                    where + ".signkeys." + e.getKey(), "is not an Ed25519 key: " + ex.getMessage());
              }
            });
    String encrypt = text(node, "encryptkey", where, false);
    Bytes encryptkey = null;
    if (encrypt != null) {
      encryptkey = Bytes.fromBase58(encrypt, 33);
      if (encryptkey.length() != 32) {
        throw bad(where + ".encryptkey", "is " + encryptkey.length() + " bytes, not 32");
      }
    }
    return new Identity(id, nodeName, signkeys, encryptkey);
  }

  private static String text(JsonNode node, String field, String where, boolean required) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw bad(where + "." + field, "is required");
      }
      return null;
    }
    if (!value.isTextual() || value.textValue().length() > MAX_ID) {
      throw bad(where + "." + field, "must be a string of at most " + MAX_ID + " characters");
    }
    return value.textValue();
  }

  private static SteleException bad(String where, String problem) {
    return new SteleException("workflow.identity", where + " " + problem);
  }
}
