package io.stele.ledger.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.stele.core.bytes.Bytes;
import io.stele.core.clock.ManualClock;
import io.stele.core.error.SteleException;
import io.stele.core.random.SeededRng;
import io.stele.ledger.TestChains;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.node.SoloNode;
import io.stele.ledger.tx.TransactionBuilder;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReceiptVerifierTest {
  private static final String HEX = "0123456789abcdef";
  private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  private static final String BASE64 =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";

  @TempDir static Path dir;
  private static final TestChains CHAIN = TestChains.create(1);
  private static final List<Bytes> HASHES = new ArrayList<>();
  private static final List<ObjectNode> RECEIPTS = new ArrayList<>();

  @BeforeAll
  static void anchorSevenHashes() throws Exception {
    ManualClock clock = new ManualClock(TestChains.START + 1_000);
    try (SoloNode node = SoloNode.open(dir, CHAIN.genesis(), CHAIN.witness(), clock)) {
      for (int i = 0; i < 7; i++) {
        HASHES.add(Bytes.wrap(MessageDigest.getInstance("SHA-256").digest(new byte[] {(byte) i})));
      }
      // Transfers first, so the anchor transaction's proof in the transactions tree has steps.
      for (int nonce = 0; nonce < 2; nonce++) {
        node.submit(
            new TransactionBuilder(
                    TestChains.CHAIN, CHAIN.genesis().parameters(), CHAIN.users().get(0))
                .transfer(CHAIN.address(0), 1, nonce, clock.millis())
                .encoded()
                .toArray());
      }
      node.anchor(HASHES);
      node.produceBlock();
      for (Bytes hash : HASHES) {
        RECEIPTS.add(node.receipt(hash).orElseThrow());
      }
    }
  }

  @Test
  void everyReceiptVerifiesAndNamesItsHashAndPosition() {
    for (int i = 0; i < HASHES.size(); i++) {
      ReceiptVerifier.Verified v = ReceiptVerifier.verify(RECEIPTS.get(i), CHAIN.genesis());
      assertThat(v.targetHash()).isEqualTo(HASHES.get(i));
      assertThat(v.position()).isEqualTo(i);
      assertThat(v.height()).isEqualTo(1);
      assertThat(RECEIPTS.get(i).get("anchors").get(0).get("transactionIndex").asInt())
          .isEqualTo(2);
      assertThat(RECEIPTS.get(i).get("targetHash").asText())
          .isEqualTo(HexFormat.of().formatHex(HASHES.get(i).toArray()));
    }
  }

  @Test
  void batchVerificationAnswersInOrderAndStopsAtABadReceipt() {
    ReceiptVerifier verifier = new ReceiptVerifier(CHAIN.genesis());
    List<ReceiptVerifier.Verified> all = verifier.checkAll(RECEIPTS);
    assertThat(all)
        .extracting(ReceiptVerifier.Verified::targetHash)
        .containsExactlyElementsOf(HASHES);
    List<ObjectNode> withBad = new ArrayList<>(RECEIPTS);
    ObjectNode bad = RECEIPTS.get(4).deepCopy();
    bad.put("targetHash", "00");
    withBad.add(bad);
    assertThatThrownBy(() -> verifier.checkAll(withBad))
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("receipt.proof");
  }

  @Test
  void anyChangedCharacterOfAnyFieldFailsVerification() {
    ObjectNode receipt = RECEIPTS.get(5);
    // Warm: this verifier has checked every receipt of the block, so its caches of headers,
    // transaction proofs and tree nodes are full; a cache must never let a changed one through.
    ReceiptVerifier warm = new ReceiptVerifier(CHAIN.genesis());
    warm.checkAll(RECEIPTS);
    List<String> survived = new ArrayList<>();
    int[] mutations = {0};
    forEachMutation(
        receipt,
        mutated -> {
          mutations[0]++;
          try {
            warm.check(mutated);
            survived.add(mutated.toString());
          } catch (SteleException expected) {
            assertThat(expected.getMessage()).isNotBlank();
          }
        });
    assertThat(mutations[0]).isGreaterThan(700);
    assertThat(survived).isEmpty();
  }

  @Test
  void changingAReceiptAfterVerifyingItDoesNotChangeWhatTheVerifierTrusts() {
    ReceiptVerifier verifier = new ReceiptVerifier(CHAIN.genesis());
    ObjectNode receipt = RECEIPTS.get(6).deepCopy();
    ObjectNode other = RECEIPTS.get(6).deepCopy();
    verifier.checkAll(List.of(receipt, other));
    ObjectNode step = (ObjectNode) receipt.get("proof").get(0);
    step.put(step.fieldNames().next(), "00".repeat(32));
    assertThatThrownBy(() -> verifier.check(receipt))
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("receipt.proof");
    ObjectNode txStep = (ObjectNode) other.get("anchors").get(0).get("transactionProof").get(0);
    txStep.put(txStep.fieldNames().next(), "00".repeat(32));
    assertThatThrownBy(() -> verifier.check(other))
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("receipt.transaction");
  }

  @Test
  void changedNumbersFailVerification() {
    for (String field : List.of("height", "position", "transactionIndex")) {
      for (int delta : new int[] {-1, 1}) {
        ObjectNode mutated = RECEIPTS.get(3).deepCopy();
        ObjectNode anchor = (ObjectNode) mutated.get("anchors").get(0);
        anchor.set(field, IntNode.valueOf(anchor.get(field).asInt() + delta));
        assertThatThrownBy(() -> ReceiptVerifier.verify(mutated, CHAIN.genesis()))
            .as(field + " " + delta)
            .isInstanceOf(SteleException.class);
      }
    }
  }

  @Test
  void receiptDoesNotVerifyAgainstAnotherGenesis() {
    Genesis other =
        Genesis.devnet(TestChains.CHAIN, 1, TestChains.START, new SeededRng(1)).genesis();
    assertThatThrownBy(() -> ReceiptVerifier.verify(RECEIPTS.get(0), other))
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("receipt.witnesses");
  }

  @Test
  void proofForOneHashDoesNotProveAnother() {
    ObjectNode mutated = RECEIPTS.get(2).deepCopy();
    mutated.set("targetHash", RECEIPTS.get(3).get("targetHash"));
    assertThatThrownBy(() -> ReceiptVerifier.verify(mutated, CHAIN.genesis()))
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("receipt.proof");
  }

  @Test
  void missingOrMistypedFieldsAreRefusedWithACode() {
    ObjectNode receipt = RECEIPTS.get(1);
    List<List<Object>> paths = new ArrayList<>();
    collectAllPaths(receipt, new ArrayList<>(), paths);
    List<JsonNode> replacements =
        List.of(
            IntNode.valueOf(-1),
            TextNode.valueOf(""),
            NullNode.instance,
            receipt.deepCopy().removeAll(),
            new ObjectMapper().createArrayNode());
    int cases = 0;
    for (List<Object> path : paths) {
      for (JsonNode replacement : replacements) {
        if (replacement.equals(at(receipt, path))) {
          continue; // e.g. the empty transaction proof of a one-transaction block
        }
        ObjectNode copy = receipt.deepCopy();
        JsonNode parent = at(copy, path.subList(0, path.size() - 1));
        Object last = path.get(path.size() - 1);
        if (last instanceof Integer i) {
          ((ArrayNode) parent).set(i, replacement);
        } else {
          ((ObjectNode) parent).set((String) last, replacement);
        }
        assertThatThrownBy(() -> new ReceiptVerifier(CHAIN.genesis()).check(copy))
            .as(path + " := " + replacement)
            .isInstanceOf(SteleException.class);
        cases++;
      }
      ObjectNode removed = receipt.deepCopy();
      JsonNode parent = at(removed, path.subList(0, path.size() - 1));
      if (parent instanceof ObjectNode o) {
        o.remove((String) path.get(path.size() - 1));
        assertThatThrownBy(() -> new ReceiptVerifier(CHAIN.genesis()).check(removed))
            .as("without " + path)
            .isInstanceOf(SteleException.class);
      }
    }
    assertThat(cases).isGreaterThan(100);
  }

  private static void collectAllPaths(JsonNode node, List<Object> path, List<List<Object>> out) {
    if (!path.isEmpty()) {
      out.add(new ArrayList<>(path));
    }
    if (node.isObject()) {
      node.fieldNames()
          .forEachRemaining(
              name -> {
                path.add(name);
                collectAllPaths(node.get(name), path, out);
                path.remove(path.size() - 1);
              });
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        path.add(i);
        collectAllPaths(node.get(i), path, out);
        path.remove(path.size() - 1);
      }
    }
  }

  /** Calls {@code check} with copies of {@code receipt}, each with one character replaced. */
  private static void forEachMutation(ObjectNode receipt, Consumer<ObjectNode> check) {
    List<List<Object>> paths = new ArrayList<>();
    collectTextPaths(receipt, new ArrayList<>(), paths);
    for (List<Object> path : paths) {
      String field = path.get(path.size() - 1).toString();
      String original = at(receipt, path).asText();
      String alphabet =
          switch (field) {
            case "header", "finalityCertificate" -> BASE64;
            case "block", "transaction" -> BASE58;
            case "@context", "type", "chainId" -> "xyz";
            default -> HEX;
          };
      for (int i = 0; i < original.length(); i++) {
        char c = original.charAt(i);
        char replacement = alphabet.charAt((alphabet.indexOf(c) + 1) % alphabet.length());
        String changed = original.substring(0, i) + replacement + original.substring(i + 1);
        ObjectNode copy = receipt.deepCopy();
        set(copy, path, changed);
        check.accept(copy);
      }
    }
  }

  private static void collectTextPaths(JsonNode node, List<Object> path, List<List<Object>> out) {
    if (node.isTextual()) {
      out.add(new ArrayList<>(path));
    } else if (node.isObject()) {
      node.fieldNames()
          .forEachRemaining(
              name -> {
                path.add(name);
                collectTextPaths(node.get(name), path, out);
                path.remove(path.size() - 1);
              });
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        path.add(i);
        collectTextPaths(node.get(i), path, out);
        path.remove(path.size() - 1);
      }
    }
  }

  private static JsonNode at(JsonNode node, List<Object> path) {
    for (Object step : path) {
      node = step instanceof Integer i ? node.get(i) : node.get((String) step);
    }
    return node;
  }

  private static void set(JsonNode root, List<Object> path, String value) {
    JsonNode parent = at(root, path.subList(0, path.size() - 1));
    ((ObjectNode) parent).set((String) path.get(path.size() - 1), TextNode.valueOf(value));
  }
}
