package io.stele.exchange.sealed;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.anchor.AnchorProof;
import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.HashFunction;
import io.stele.core.error.SteleException;
import io.stele.core.merkle.MerkleTree;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The published form of a sealed-batch chain: one directory of JSON files. Hashes and keys are
 * base58, envelopes base64 of their exact bytes, integers JSON numbers.
 *
 * <pre>
 * epoch-E.json            the announcement of epoch E
 * epoch-E.signed          the key service's signed epoch E, byte for byte (split custody only)
 * epoch-E-shares.json     the shares released for epoch E, once it closed
 * batch-NNNNNNNNNNNN.json batch N: header, the leaf hash of each envelope in sealed order,
 *                         the envelopes (base64) in that order, (version 2) its bundles and
 *                         (version 3) its deposits, with their root and leaf hashes
 * anchor-NNNNNNNNNNNN.json the anchor proof of batch N's hash
 * rejections-NNNNNNNNNNNN.json the envelopes of batch N that did not open, and why
 * </pre>
 *
 * Reading is strict: a file over {@link #MAX_FILE_BYTES}, a missing or mistyped field, or a value
 * that does not decode is refused with {@code audit.malformed}.
 */
public final class BatchArchive {
  public static final long MAX_FILE_BYTES = 256L << 20;
  private static final int MAX_HASH_BYTES = 64;

  private final Path directory;
  private static final ObjectMapper JSON = new ObjectMapper();

  public BatchArchive(Path directory) {
    this.directory = directory;
  }

  public Path directory() {
    return directory;
  }

  private static String batchName(String kind, long sequence) {
    return String.format("%s-%012d.json", kind, sequence);
  }

  // ---- writing

  public void writeEpoch(EpochAnnouncement epoch) {
    ObjectNode node = JSON.createObjectNode();
    node.put("chainId", epoch.chainId());
    node.put("epoch", epoch.epoch());
    node.put("publicKey", epoch.publicKey().toBase58());
    node.put("threshold", epoch.threshold());
    ArrayNode commitments = node.putArray("shareCommitments");
    epoch.shareCommitments().forEach(c -> commitments.add(c.toBase58()));
    write("epoch-" + epoch.epoch() + ".json", node);
  }

  /**
   * The key service's {@link SignedEpoch} exactly as it signed it: the audit checks it against the
   * key service's key and {@code epoch-E.json}. Written before the announcement, so a reader that
   * finds {@code epoch-E.json} of a split-custody venue finds this file too.
   */
  public void writeSignedEpoch(SignedEpoch signed) {
    write(signedEpochName(signed.announcement().epoch()), signed.encoded().toArray());
  }

  private static String signedEpochName(long epoch) {
    return "epoch-" + epoch + ".signed";
  }

  public void writeShares(long epoch, List<KeyShare> shares) {
    ObjectNode node = JSON.createObjectNode();
    node.put("epoch", epoch);
    ArrayNode array = node.putArray("shares");
    for (KeyShare share : shares) {
      array.addObject().put("index", share.index()).put("value", share.value().toBase58());
    }
    write("epoch-" + epoch + "-shares.json", node);
  }

  /**
   * Streams the batch file: a batch holds thousands of envelopes and is written on the way from
   * batch close to execution, so no JSON tree is built for it.
   */
  public void writeBatch(SealedBatch batch) {
    write(
        batchName("batch", batch.sequence()),
        out -> {
          // Version 1 files stay exactly as they were; bundles make a version 2 file and deposits
          // a version 3 file, which an older reader refuses instead of misreading.
          int version = !batch.deposits().isEmpty() ? 3 : batch.bundles().isEmpty() ? 1 : 2;
          out.writeNumberField("version", version);
          out.writeNumberField("sequence", batch.sequence());
          out.writeNumberField("epoch", batch.epoch());
          out.writeStringField("previousHash", batch.previousHash().toBase58());
          out.writeStringField("merkleRoot", batch.merkleRoot().toBase58());
          out.writeStringField("hash", batch.hash().toBase58());
          // Base58 and base64 text needs no JSON escaping: written as it is, the bytes are what
          // writeString would give, without its per-character escape check.
          out.writeArrayFieldStart("leafHashes");
          for (SealedEnvelope envelope : batch.envelopes()) {
            byte[] text = envelope.leafHashText();
            out.writeRawUTF8String(text, 0, text.length);
          }
          out.writeEndArray();
          Base64.Encoder base64 = Base64.getEncoder();
          out.writeArrayFieldStart("envelopes");
          for (SealedEnvelope envelope : batch.envelopes()) {
            byte[] text = base64.encode(envelope.unsafeEncoded());
            out.writeRawUTF8String(text, 0, text.length);
          }
          out.writeEndArray();
          if (version == 3) {
            out.writeStringField(
                "depositRoot", SealedBatch.depositRoot(batch.deposits()).toBase58());
            out.writeArrayFieldStart("depositLeafHashes");
            for (SealedBatch.Deposit deposit : batch.deposits()) {
              byte[] leaf = MerkleTree.leafHash(HashFunction.SHA256, deposit.leafData());
              out.writeString(Bytes.wrap(leaf).toBase58());
            }
            out.writeEndArray();
            out.writeArrayFieldStart("deposits");
            for (SealedBatch.Deposit deposit : batch.deposits()) {
              out.writeStartObject();
              out.writeNumberField("position", deposit.position());
              out.writeStringField(
                  "deposit", base64.encodeToString(deposit.deposit().unsafeEncoded()));
              out.writeEndObject();
            }
            out.writeEndArray();
          }
          if (!batch.bundles().isEmpty()) {
            out.writeArrayFieldStart("bundles");
            for (BundleSignature bundle : batch.bundles()) {
              out.writeStartObject();
              out.writeNumberField("position", bundle.position());
              out.writeStringField(
                  "statement", base64.encodeToString(bundle.statement().unsafeArray()));
              out.writeStringField("signature", bundle.signature().toBase58());
              out.writeEndObject();
            }
            out.writeEndArray();
          }
        });
  }

  public void writeAnchor(long sequence, AnchorProof proof) {
    ObjectNode node = JSON.createObjectNode();
    node.put("hash", proof.hash().toBase58());
    node.put("blockHeight", proof.blockHeight());
    node.put("position", proof.position());
    node.put("transactionId", proof.transactionId().toBase58());
    node.put("receipt", proof.receiptJson());
    write(batchName("anchor", sequence), node);
  }

  public void writeRejections(OpenedBatch opened) {
    ObjectNode node = JSON.createObjectNode();
    node.put("sequence", opened.sequence());
    node.put("batchHash", opened.batchHash().toBase58());
    ArrayNode array = node.putArray("rejections");
    for (OpenedBatch.Rejection rejection : opened.rejections()) {
      array
          .addObject()
          .put("position", rejection.position())
          .put("code", rejection.code())
          .put("message", rejection.message());
    }
    write(batchName("rejections", opened.sequence()), node);
  }

  private void write(String name, JsonNode node) {
    write(
        name,
        out -> {
          for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            out.writeFieldName(field.getKey());
            out.writeTree(field.getValue());
          }
        });
  }

  /** The fields of one JSON object, written by {@code fields}. */
  private interface Fields {
    void write(JsonGenerator out) throws IOException;
  }

  private void write(String name, byte[] bytes) {
    try {
      Files.createDirectories(directory);
      Path temporary = directory.resolve(name + ".tmp");
      Files.write(temporary, bytes);
      Files.move(
          temporary,
          directory.resolve(name),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot publish " + name, e);
    }
  }

  /** Writes a file under a temporary name and moves it in place, so readers never see half. */
  private void write(String name, Fields fields) {
    try {
      Files.createDirectories(directory);
      Path target = directory.resolve(name);
      Path temporary = directory.resolve(name + ".tmp");
      try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16);
          JsonGenerator out = JSON.getFactory().createGenerator(file)) {
        out.useDefaultPrettyPrinter();
        out.writeStartObject();
        fields.write(out);
        out.writeEndObject();
      }
      Files.move(
          temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot publish " + name, e);
    }
  }

  // ---- reading

  public Optional<EpochAnnouncement> readEpoch(long epoch) {
    return read("epoch-" + epoch + ".json")
        .map(
            node -> {
              List<Bytes> commitments = new ArrayList<>();
              for (JsonNode c : array(node, "shareCommitments")) {
                commitments.add(base58Of32(c, "shareCommitments[]"));
              }
              try {
                return new EpochAnnouncement(
                    intField(node, "chainId"),
                    longField(node, "epoch"),
                    base58Of32(node.get("publicKey"), "publicKey"),
                    intField(node, "threshold"),
                    commitments);
              } catch (SteleException e) {
                throw malformed("epoch-" + epoch + ".json: " + e.getMessage());
              }
            });
  }

  /**
   * The bytes of {@code epoch-E.signed}, if published; {@code audit.malformed} over {@link
   * SignedEpoch#MAX_LENGTH} bytes. Parsing and the signature are the reader's to check, against the
   * key service key it trusts.
   */
  public Optional<byte[]> signedEpochFile(long epoch) {
    Optional<byte[]> bytes = file(signedEpochName(epoch));
    if (bytes.isPresent() && bytes.get().length > SignedEpoch.MAX_LENGTH) {
      throw malformed(signedEpochName(epoch) + " is over " + SignedEpoch.MAX_LENGTH + " bytes");
    }
    return bytes;
  }

  public Optional<List<KeyShare>> readShares(long epoch) {
    return read("epoch-" + epoch + "-shares.json")
        .map(
            node -> {
              List<KeyShare> shares = new ArrayList<>();
              for (JsonNode s : array(node, "shares")) {
                int index = intField(s, "index");
                if (index < 1 || index > 255) {
                  throw malformed("share index " + index + " is outside 1..255");
                }
                shares.add(new KeyShare(index, base58(s.get("value"), "value", 64)));
              }
              return shares;
            });
  }

  public Optional<PublishedBatch> readBatch(long sequence) {
    return read(batchName("batch", sequence)).map(node -> batch(node, sequence));
  }

  /** The exact bytes of batch {@code sequence}'s file, as served to key holders. */
  public Optional<byte[]> batchFile(long sequence) {
    return file(batchName("batch", sequence));
  }

  /** The exact bytes of batch {@code sequence}'s anchor file, once it is filed. */
  public Optional<byte[]> anchorFile(long sequence) {
    return file(batchName("anchor", sequence));
  }

  /** Batch {@code sequence} from its file's bytes, read as strictly as from the directory. */
  public static PublishedBatch parseBatch(long sequence, byte[] file) {
    return batch(node(file, batchName("batch", sequence)), sequence);
  }

  /** An anchor proof from its file's bytes. */
  public static AnchorProof parseAnchor(long sequence, byte[] file) {
    return anchor(node(file, batchName("anchor", sequence)));
  }

  private static PublishedBatch batch(JsonNode node, long sequence) {
    int version = intField(node, "version");
    if (version < 1 || version > 3) {
      throw malformed("batch " + sequence + ": unknown version " + version);
    }
    List<Bytes> leaves = new ArrayList<>();
    List<Bytes> envelopes = new ArrayList<>();
    Base64.Decoder base64 = Base64.getDecoder();
    for (JsonNode leaf : array(node, "leafHashes")) {
      leaves.add(base58Of32(leaf, "leafHashes[]"));
    }
    for (JsonNode e : array(node, "envelopes")) {
      if (!e.isTextual() || e.asText().length() > SealedEnvelope.MAX_LENGTH * 2) {
        throw malformed("batch " + sequence + ": an envelope is not a string or too long");
      }
      try {
        envelopes.add(Bytes.wrap(base64.decode(e.asText())));
      } catch (IllegalArgumentException ex) {
        throw malformed("batch " + sequence + ": envelope is not base64");
      }
    }
    List<BundleSignature> bundles = new ArrayList<>();
    if (version == 2 || (version == 3 && node.has("bundles"))) {
      for (JsonNode b : array(node, "bundles")) {
        bundles.add(bundle(b, sequence));
      }
    } else if (node.has("bundles")) {
      throw malformed("batch " + sequence + ": a version 1 batch has no bundles");
    }
    Bytes depositRoot = null;
    List<Bytes> depositLeaves = new ArrayList<>();
    List<PublishedBatch.Deposit> deposits = new ArrayList<>();
    if (version == 3) {
      depositRoot = base58Of32(node.get("depositRoot"), "depositRoot");
      for (JsonNode leaf : array(node, "depositLeafHashes")) {
        depositLeaves.add(base58Of32(leaf, "depositLeafHashes[]"));
      }
      for (JsonNode d : array(node, "deposits")) {
        deposits.add(deposit(d, sequence));
      }
    } else if (node.has("deposits") || node.has("depositRoot")) {
      throw malformed("batch " + sequence + ": only a version 3 batch has deposits");
    }
    return new PublishedBatch(
        longField(node, "sequence"),
        longField(node, "epoch"),
        base58Of32(node.get("previousHash"), "previousHash"),
        base58Of32(node.get("merkleRoot"), "merkleRoot"),
        base58Of32(node.get("hash"), "hash"),
        leaves,
        envelopes,
        bundles,
        depositRoot,
        depositLeaves,
        deposits);
  }

  private static PublishedBatch.Deposit deposit(JsonNode node, long sequence) {
    String bytes = text(node, "deposit");
    if (bytes.length() > SealedDeposit.LENGTH * 2) {
      throw malformed("batch " + sequence + ": a deposit is too long");
    }
    try {
      return new PublishedBatch.Deposit(
          intField(node, "position"), Bytes.wrap(Base64.getDecoder().decode(bytes)));
    } catch (IllegalArgumentException e) {
      throw malformed("batch " + sequence + ": a deposit is not base64");
    }
  }

  private static BundleSignature bundle(JsonNode node, long sequence) {
    String statement = text(node, "statement");
    if (statement.length() > BundleStatement.MAX_LENGTH * 2) {
      throw malformed("batch " + sequence + ": a bundle statement is too long");
    }
    try {
      return new BundleSignature(
          intField(node, "position"),
          Bytes.wrap(Base64.getDecoder().decode(statement)),
          base58(node.get("signature"), "signature", MAX_HASH_BYTES));
    } catch (IllegalArgumentException e) {
      throw malformed("batch " + sequence + ": a bundle statement is not base64");
    }
  }

  public Optional<AnchorProof> readAnchor(long sequence) {
    return read(batchName("anchor", sequence)).map(BatchArchive::anchor);
  }

  private static AnchorProof anchor(JsonNode node) {
    return new AnchorProof(
        base58(node.get("hash"), "hash", MAX_HASH_BYTES),
        longField(node, "blockHeight"),
        intField(node, "position"),
        base58(node.get("transactionId"), "transactionId", MAX_HASH_BYTES),
        text(node, "receipt"));
  }

  /**
   * The published rejections of batch {@code sequence}; {@code audit.rejections} when the file
   * names another batch hash than {@code batchHash}.
   */
  public Optional<List<OpenedBatch.Rejection>> readRejections(long sequence, Bytes batchHash) {
    return read(batchName("rejections", sequence))
        .map(
            node -> {
              if (!base58Of32(node.get("batchHash"), "batchHash").equals(batchHash)) {
                throw new SteleException(
                    "audit.rejections",
                    "the rejections published for batch " + sequence + " name another batch hash");
              }
              List<OpenedBatch.Rejection> rejections = new ArrayList<>();
              for (JsonNode r : array(node, "rejections")) {
                rejections.add(
                    new OpenedBatch.Rejection(
                        intField(r, "position"), text(r, "code"), text(r, "message")));
              }
              return rejections;
            });
  }

  private Optional<JsonNode> read(String name) {
    return file(name).map(bytes -> node(bytes, name));
  }

  private Optional<byte[]> file(String name) {
    Path path = directory.resolve(name);
    try {
      if (!Files.isRegularFile(path)) {
        return Optional.empty();
      }
      if (Files.size(path) > MAX_FILE_BYTES) {
        throw malformed(name + " is over " + MAX_FILE_BYTES + " bytes");
      }
      return Optional.of(Files.readAllBytes(path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }

  private static JsonNode node(byte[] bytes, String name) {
    if (bytes.length > MAX_FILE_BYTES) {
      throw malformed(name + " is over " + MAX_FILE_BYTES + " bytes");
    }
    try {
      JsonNode node = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
      if (node == null || !node.isObject()) {
        throw malformed(name + " is not a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw malformed(name + " is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static SteleException malformed(String message) {
    return new SteleException("audit.malformed", message);
  }

  private static JsonNode field(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      throw malformed("field " + name + " is missing");
    }
    return value;
  }

  private static Iterable<JsonNode> array(JsonNode node, String name) {
    JsonNode value = field(node, name);
    if (!value.isArray()) {
      throw malformed("field " + name + " is not an array");
    }
    return value;
  }

  private static String text(JsonNode node, String name) {
    JsonNode value = field(node, name);
    if (!value.isTextual()) {
      throw malformed("field " + name + " is not a string");
    }
    return value.asText();
  }

  private static long longField(JsonNode node, String name) {
    JsonNode value = field(node, name);
    if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
      throw malformed("field " + name + " is not a non-negative integer");
    }
    return value.asLong();
  }

  private static int intField(JsonNode node, String name) {
    long value = longField(node, name);
    if (value > Integer.MAX_VALUE) {
      throw malformed("field " + name + " is too large: " + value);
    }
    return (int) value;
  }

  /** A hash or key: exactly 32 bytes. */
  private static Bytes base58Of32(JsonNode node, String name) {
    Bytes value = base58(node, name, 32);
    if (value.length() != 32) {
      throw malformed("field " + name + " is " + value.length() + " bytes, not 32");
    }
    return value;
  }

  private static Bytes base58(JsonNode node, String name, int maxBytes) {
    if (node == null || !node.isTextual()) {
      throw malformed("field " + name + " is missing or not a string");
    }
    Bytes value;
    try {
      value = Bytes.fromBase58(node.asText(), maxBytes);
    } catch (SteleException e) {
      throw malformed("field " + name + ": " + e.getMessage());
    }
    return value;
  }
}
