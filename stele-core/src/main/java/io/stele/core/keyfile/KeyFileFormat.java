package io.stele.core.keyfile;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.address.Address;
import io.stele.core.bytes.Bytes;
import io.stele.core.codec.ByteWriter;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.core.random.Rng;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Set;

/**
 * Version 1 of the key file, a JSON object with exactly these members:
 *
 * <pre>
 * {
 *   "type": "stele-keyfile",
 *   "version": 1,
 *   "publicKey": base58 Ed25519 public key,
 *   "chainId": one ASCII character        (optional, with "address")
 *   "address": base58 address of the key on that chain   (optional, with "chainId")
 *   "kdf": {"algorithm": "argon2id", "memoryKiB": int, "iterations": int, "parallelism": int,
 *           "salt": hex, 16 to 64 bytes},
 *   "cipher": {"algorithm": "aes-256-gcm", "nonce": hex, 12 bytes,
 *              "ciphertext": hex, 48 bytes: the encrypted 32-byte seed and the 16-byte tag}
 * }
 * </pre>
 *
 * The GCM associated data is {@link #header} over version, KDF parameters, salt, public key and
 * chain id, so none of them can be changed without the file failing to open.
 */
final class KeyFileFormat {
  static final String TYPE = "stele-keyfile";
  static final int VERSION = 1;
  static final int SALT_BYTES = 16;
  static final int MAX_SALT_BYTES = 64;
  private static final int SEED_BYTES = 32;
  private static final int CIPHERTEXT_BYTES = SEED_BYTES + KeyFileCipher.TAG_BITS / 8;
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final HexFormat HEX = HexFormat.of();

  private KeyFileFormat() {}

  /** The parsed, validated contents of a key file. */
  record Contents(
      PublicKey publicKey,
      Byte chainId,
      KeyFile.Params params,
      byte[] salt,
      byte[] nonce,
      byte[] ciphertext) {}

  static byte[] seal(KeyPair key, char[] passphrase, Rng rng, KeyFile.Params params, Byte chainId) {
    if (passphrase.length == 0) {
      throw new SteleException("keyfile.passphrase", "the passphrase is empty");
    }
    byte[] salt = new byte[SALT_BYTES];
    rng.nextBytes(salt);
    byte[] nonce = new byte[KeyFileCipher.NONCE_BYTES];
    rng.nextBytes(nonce);
    byte[] seed = key.seed();
    byte[] ciphertext;
    try {
      ciphertext =
          KeyFileCipher.seal(
              KeyFileCipher.deriveKey(passphrase, salt, params),
              nonce,
              header(key.publicKey(), chainId, params, salt),
              seed);
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
    return toJson(new Contents(key.publicKey(), chainId, params, salt, nonce, ciphertext));
  }

  static KeyPair open(byte[] file, char[] passphrase) {
    Contents c = parse(file);
    byte[] seed =
        KeyFileCipher.open(
            KeyFileCipher.deriveKey(passphrase, c.salt(), c.params()),
            c.nonce(),
            header(c.publicKey(), c.chainId(), c.params(), c.salt()),
            c.ciphertext());
    KeyPair key = KeyPair.fromSeed(seed);
    Arrays.fill(seed, (byte) 0);
    if (!key.publicKey().equals(c.publicKey())) {
      key.destroy();
      throw new SteleException(
          "keyfile.integrity", "the key file decrypts to a key other than " + c.publicKey());
    }
    return key;
  }

  /** The exact bytes bound to the ciphertext as GCM associated data. */
  static byte[] header(PublicKey key, Byte chainId, KeyFile.Params params, byte[] salt) {
    ByteWriter w = new ByteWriter(128);
    w.bytes16(TYPE.getBytes(StandardCharsets.US_ASCII)).u8(VERSION);
    w.u32(params.memoryKiB()).u32(params.iterations()).u8(params.parallelism()).bytes16(salt);
    w.fixed(key.bytes().unsafeArray());
    if (chainId == null) {
      w.u8(0);
    } else {
      w.u8(1).u8(chainId);
    }
    return w.toByteArray();
  }

  private static byte[] toJson(Contents c) {
    ObjectNode root = JSON.createObjectNode();
    root.put("type", TYPE);
    root.put("version", VERSION);
    root.put("publicKey", c.publicKey().toString());
    if (c.chainId() != null) {
      root.put("chainId", String.valueOf((char) (c.chainId() & 0xFF)));
      root.put("address", Address.of(c.publicKey(), c.chainId()).toString());
    }
    ObjectNode kdf = root.putObject("kdf");
    kdf.put("algorithm", "argon2id");
    kdf.put("memoryKiB", c.params().memoryKiB());
    kdf.put("iterations", c.params().iterations());
    kdf.put("parallelism", c.params().parallelism());
    kdf.put("salt", HEX.formatHex(c.salt()));
    ObjectNode cipher = root.putObject("cipher");
    cipher.put("algorithm", "aes-256-gcm");
    cipher.put("nonce", HEX.formatHex(c.nonce()));
    cipher.put("ciphertext", HEX.formatHex(c.ciphertext()));
    try {
      return JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /** Parses and validates the file without deriving any key: cheap, and the edge to fuzz. */
  static Contents parse(byte[] file) {
    JsonNode root;
    try {
      root = JSON.readTree(file);
    } catch (IOException e) {
      String reason =
          e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.toString();
      throw format("not JSON: " + reason);
    }
    if (root == null || !root.isObject()) {
      throw format("a key file is a JSON object");
    }
    boolean hasChain = root.has("chainId");
    onlyMembers(
        root,
        "key file",
        hasChain
            ? Set.of("type", "version", "publicKey", "chainId", "address", "kdf", "cipher")
            : Set.of("type", "version", "publicKey", "kdf", "cipher"));
    if (!TYPE.equals(text(root, "type", "key file"))) {
      throw format("type is not \"" + TYPE + "\"");
    }
    int version = integer(root, "version", "key file");
    if (version != VERSION) {
      throw format("unsupported key file version " + version);
    }
    PublicKey publicKey;
    try {
      publicKey = PublicKey.fromBase58(text(root, "publicKey", "key file"));
    } catch (SteleException e) {
      throw format("publicKey: " + e.getMessage());
    }
    Byte chainId = hasChain ? chainId(root, publicKey) : null;

    JsonNode kdf = object(root, "kdf");
    onlyMembers(kdf, "kdf", Set.of("algorithm", "memoryKiB", "iterations", "parallelism", "salt"));
    if (!"argon2id".equals(text(kdf, "algorithm", "kdf"))) {
      throw format("kdf.algorithm must be \"argon2id\"");
    }
    KeyFile.Params params;
    try {
      params =
          new KeyFile.Params(
              integer(kdf, "memoryKiB", "kdf"),
              integer(kdf, "iterations", "kdf"),
              integer(kdf, "parallelism", "kdf"));
    } catch (IllegalArgumentException e) {
      throw format("kdf: " + e.getMessage());
    }
    byte[] salt = hex(kdf, "salt", "kdf", SALT_BYTES, MAX_SALT_BYTES);

    JsonNode cipher = object(root, "cipher");
    onlyMembers(cipher, "cipher", Set.of("algorithm", "nonce", "ciphertext"));
    if (!"aes-256-gcm".equals(text(cipher, "algorithm", "cipher"))) {
      throw format("cipher.algorithm must be \"aes-256-gcm\"");
    }
    byte[] nonce =
        hex(cipher, "nonce", "cipher", KeyFileCipher.NONCE_BYTES, KeyFileCipher.NONCE_BYTES);
    byte[] ciphertext = hex(cipher, "ciphertext", "cipher", CIPHERTEXT_BYTES, CIPHERTEXT_BYTES);
    return new Contents(publicKey, chainId, params, salt, nonce, ciphertext);
  }

  private static Byte chainId(JsonNode root, PublicKey publicKey) {
    String chain = text(root, "chainId", "key file");
    if (chain.length() != 1 || chain.charAt(0) < 0x21 || chain.charAt(0) > 0x7e) {
      throw format("chainId must be one printable ASCII character, not \"" + chain + "\"");
    }
    byte chainId = (byte) chain.charAt(0);
    String address = text(root, "address", "key file");
    if (!Address.of(publicKey, chainId).toString().equals(address)) {
      throw new SteleException(
          "keyfile.integrity",
          "address " + address + " is not the address of " + publicKey + " on chain " + chain);
    }
    return chainId;
  }

  private static void onlyMembers(JsonNode node, String where, Set<String> allowed) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw format(where + ": unexpected member \"" + name + "\"");
      }
    }
    for (String name : allowed) {
      if (!node.has(name)) {
        throw format(where + ": missing member \"" + name + "\"");
      }
    }
  }

  private static JsonNode object(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || !value.isObject()) {
      throw format(name + " must be an object");
    }
    return value;
  }

  private static String text(JsonNode node, String name, String where) {
    JsonNode value = node.get(name);
    if (value == null || !value.isTextual()) {
      throw format(where + "." + name + " must be a string");
    }
    return value.textValue();
  }

  private static int integer(JsonNode node, String name, String where) {
    JsonNode value = node.get(name);
    if (value == null || !value.isInt()) {
      throw format(where + "." + name + " must be an integer");
    }
    return value.intValue();
  }

  private static byte[] hex(JsonNode node, String name, String where, int min, int max) {
    String text = text(node, name, where);
    // Bound the text before decoding it.
    if (text.length() > 2 * max || text.length() < 2 * min) {
      throw format(where + "." + name + " must be " + lengths(min, max) + " of hex");
    }
    try {
      return Bytes.fromHex(text).toArray();
    } catch (IllegalArgumentException e) {
      throw format(where + "." + name + " is not hex: " + e.getMessage());
    }
  }

  private static String lengths(int min, int max) {
    return min == max ? min + " bytes" : min + " to " + max + " bytes";
  }

  private static SteleException format(String message) {
    return new SteleException("keyfile.format", message);
  }
}
