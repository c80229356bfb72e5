package io.stele.node.receipt;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stele.core.error.SteleException;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.receipt.ReceiptVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Receipts as files: written in one canonical form (compact JSON, then a newline), and checked byte
 * for byte against that form before their proofs are, so no byte of a receipt file can change
 * without the check failing, not even white space. A file holds one receipt, or a JSON list of
 * them.
 */
public final class ReceiptFile {
  private static final int MAX_FILE_BYTES = 16 * 1024 * 1024;
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private ReceiptFile() {}

  /** The canonical text of a receipt (or list of receipts), without the final newline. */
  public static String canonical(JsonNode receipts) {
    try {
      return JSON.writeValueAsString(receipts);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /** Verifies every receipt in {@code file} against {@code genesis}; returns what they prove. */
  public static List<ReceiptVerifier.Verified> verify(Path file, Genesis genesis) {
    return verify(read(file), file.toString(), genesis);
  }

  /**
   * As {@link #verify(Path, Genesis)} for the file's bytes; {@code source} names it in messages.
   */
  public static List<ReceiptVerifier.Verified> verify(
      byte[] bytes, String source, Genesis genesis) {
    JsonNode root = parseCanonical(bytes, source);
    ReceiptVerifier verifier = new ReceiptVerifier(genesis);
    List<ReceiptVerifier.Verified> verified = new ArrayList<>();
    if (root.isArray()) {
      if (root.isEmpty()) {
        throw new SteleException("receipt.field", source + " holds an empty list of receipts");
      }
      for (JsonNode receipt : root) {
        verified.add(verifier.check(receipt));
      }
    } else {
      verified.add(verifier.check(root));
    }
    return verified;
  }

  private static byte[] read(Path file) {
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new SteleException(
            "receipt.too_large", file + " is over " + MAX_FILE_BYTES + " bytes");
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new SteleException("cli.io", "cannot read " + file + ": " + e, e);
    }
  }

  private static JsonNode parseCanonical(byte[] bytes, String file) {
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new SteleException(
          "receipt.malformed", file + " is not a JSON receipt: " + e.getOriginalMessage());
    } catch (IOException e) {
      // Parsing bytes in memory does no I/O: this is text that is not UTF-8.
      throw new SteleException("receipt.malformed", file + " is not UTF-8 JSON: " + e.getMessage());
    }
    if (root == null || root.isMissingNode()) {
      throw new SteleException("receipt.malformed", file + " is empty");
    }
    byte[] expected = (canonical(root) + "\n").getBytes(StandardCharsets.UTF_8);
    int differs = Arrays.mismatch(bytes, expected);
    if (differs >= 0) {
      throw new SteleException(
          "receipt.not_canonical",
          file
              + " differs from the receipt's canonical form at byte "
              + differs
              + " (receipts are checked byte for byte as stele anchor --wait wrote them)");
    }
    return root;
  }
}
