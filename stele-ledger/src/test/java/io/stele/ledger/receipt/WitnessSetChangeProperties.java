package io.stele.ledger.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.Hashes;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.ledger.block.BlockHeader;
import io.stele.ledger.block.WitnessSet;
import io.stele.ledger.tx.Transaction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Laws of set-change receipts over random elections: whatever sequence of registrations changes (or
 * keeps) the witnesses, every receipt carries exactly one link per change of members up to its term
 * and verifies from the genesis alone, and one changed character of its links is refused.
 */
class WitnessSetChangeProperties {
  private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  private static final String BASE64 =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";
  private static final long LAST_HEIGHT = 22;

  /**
   * {@code registrations.get(j)}: the deposit, in candidate deposits, with which user j registers
   * in block 4j+1, before the snapshot 4j+4 (0: nobody registers in that term).
   */
  @Property(tries = 12)
  void anySequenceOfSetChangesVerifiesFromTheGenesis(
      @ForAll @Size(5) List<@IntRange(min = 0, max = 3) Integer> registrations,
      @ForAll @IntRange(min = 0, max = 1_000_000) int mutation)
      throws IOException {
    Path dir = Files.createTempDirectory("stele-set-changes");
    try (ChangingWitnessChain chain = new ChangingWitnessChain(dir, 6)) {
      KeyPair anchorer = chain.users.get(5);
      Map<Long, Bytes> anchored = new TreeMap<>();
      for (long h = 1; h <= LAST_HEIGHT; h++) {
        List<Transaction> txs = new ArrayList<>();
        int j = (int) ((h - 1) / 4);
        if ((h - 1) % 4 == 0 && j < registrations.size() && registrations.get(j) > 0) {
          txs.add(
              chain.registerCandidate(chain.users.get(j), registrations.get(j) * chain.deposit()));
        }
        if (h % 4 == 3 || h == LAST_HEIGHT) {
          Bytes hash = Bytes.wrap(Hashes.sha256(new byte[] {(byte) h}));
          anchored.put(h, hash);
          txs.add(chain.anchor(anchorer, hash));
        }
        chain.produce(txs.toArray(Transaction[]::new));
      }
      ReceiptVerifier verifier = new ReceiptVerifier(chain.genesis);
      ObjectNode last = null;
      for (Map.Entry<Long, Bytes> e : anchored.entrySet()) {
        long height = e.getKey();
        ObjectNode receipt = chain.chain.receipt(e.getValue()).orElseThrow();
        assertThat(links(receipt)).as("height " + height).isEqualTo(expectedLinks(chain, height));
        assertThat(verifier.check(receipt).height()).isEqualTo(height);
        last = receipt;
      }
      if (last.has("witnessSetChanges")) {
        ObjectNode changed = changeOneCharacter(last, mutation);
        assertThatThrownBy(() -> verifier.check(changed)).isInstanceOf(SteleException.class);
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** One link as the test reads it: the snapshot height and the listed keys. */
  private record Link(long height, List<String> witnesses) {}

  private static List<Link> links(JsonNode receipt) {
    List<Link> out = new ArrayList<>();
    JsonNode links = receipt.get("witnessSetChanges");
    if (links != null) {
      for (JsonNode link : links) {
        List<String> keys = new ArrayList<>();
        link.get("witnesses").forEach(k -> keys.add(k.asText()));
        long height =
            BlockHeader.decode(Base64.getDecoder().decode(link.get("header").asText())).height();
        out.add(new Link(height, keys));
      }
    }
    return out;
  }

  /**
   * From the sets the chain's state elected, by the schedule worked out by hand (T = 4, I = 1: term
   * k ≥ 1 starts at 4k+2): a link at 4k for each term k up to the height's whose members differ
   * from term k−1's.
   */
  private static List<Link> expectedLinks(ChangingWitnessChain chain, long height) {
    long term = height <= 5 ? 0 : (height - 2) / 4;
    List<Link> out = new ArrayList<>();
    for (long k = 1; k <= term; k++) {
      WitnessSet before = chain.witnessSet(k == 1 ? 0 : 4 * (k - 1) + 2);
      WitnessSet after = chain.witnessSet(4 * k + 2);
      if (!members(before).equals(members(after))) {
        out.add(new Link(4 * k, members(after)));
      }
    }
    return out;
  }

  private static List<String> members(WitnessSet set) {
    return set.witnesses().stream().map(PublicKey::bytes).sorted().map(Bytes::toBase58).toList();
  }

  /** The receipt with character {@code n} (modulo their length) of its links' texts changed. */
  private static ObjectNode changeOneCharacter(ObjectNode receipt, int n) {
    ObjectNode copy = receipt.deepCopy();
    List<Runnable> changes = new ArrayList<>();
    for (JsonNode link : copy.get("witnessSetChanges")) {
      ObjectNode o = (ObjectNode) link;
      for (String field : List.of("header", "finalityCertificate")) {
        String text = o.get(field).asText();
        for (int i = 0; i < text.length(); i++) {
          int at = i;
          changes.add(() -> o.put(field, changed(text, at, BASE64)));
        }
      }
      ArrayNode keys = (ArrayNode) o.get("witnesses");
      for (int k = 0; k < keys.size(); k++) {
        String text = keys.get(k).asText();
        int key = k;
        for (int i = 0; i < text.length(); i++) {
          int at = i;
          changes.add(() -> keys.set(key, changed(text, at, BASE58)));
        }
      }
    }
    changes.get(n % changes.size()).run();
    return copy;
  }

  private static String changed(String text, int at, String alphabet) {
    char other = alphabet.charAt((alphabet.indexOf(text.charAt(at)) + 1) % alphabet.length());
    return text.substring(0, at) + other + text.substring(at + 1);
  }
}
