package io.stele.ledger.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.stele.core.address.Address;
import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.Hashes;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.ledger.block.BlockHeader;
import io.stele.ledger.block.WitnessSet;
import io.stele.ledger.tx.Transaction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Receipts from terms whose witnesses differ from the genesis witnesses: the election at block 4
 * adds candidate A to the four genesis witnesses (4 to 5), the one at block 8 lets B, with twice
 * the deposit, take the seat of the genesis witness with the largest address (a swap), the one at
 * block 12 elects the same members again. Receipts are taken from the node's {@link
 * io.stele.ledger.node.FinalChain} as its API serves them and checked from the genesis alone.
 */
class WitnessSetChangeReceiptTest {
  private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  private static final String BASE64 =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";

  @TempDir static Path dir;
  private static ChangingWitnessChain chain;
  private static KeyPair a;
  private static KeyPair b;

  /** Height of each anchored hash, and the hash. */
  private static final Map<Long, Bytes> ANCHORED = new TreeMap<>();

  @BeforeAll
  static void buildTheChain() {
    chain = new ChangingWitnessChain(dir, 3);
    a = chain.users.get(0);
    b = chain.users.get(1);
    KeyPair anchorer = chain.users.get(2);
    for (long h = 1; h <= 15; h++) {
      List<Transaction> txs = new ArrayList<>();
      if (h == 1) {
        txs.add(chain.registerCandidate(a, chain.deposit()));
      }
      if (h == 6) {
        txs.add(chain.registerCandidate(b, 2 * chain.deposit()));
      }
      if (h == 1 || h == 5 || h == 7 || h == 9 || h == 11 || h == 15) {
        Bytes hash = Bytes.wrap(Hashes.sha256(new byte[] {(byte) h}));
        ANCHORED.put(h, hash);
        txs.add(chain.anchor(anchorer, hash));
      }
      chain.produce(txs.toArray(Transaction[]::new));
    }
  }

  @AfterAll
  static void close() {
    chain.close();
  }

  private static ObjectNode receipt(long height) {
    return chain.chain.receipt(ANCHORED.get(height)).orElseThrow();
  }

  /** The genesis witnesses' keys. */
  private static List<PublicKey> genesisKeys() {
    return chain.witnesses.stream().map(KeyPair::publicKey).toList();
  }

  /** Set 1, worked out from the rules: the four genesis witnesses and A, all of equal weight. */
  private static List<PublicKey> set1() {
    List<PublicKey> keys = new ArrayList<>(genesisKeys());
    keys.add(a.publicKey());
    return keys;
  }

  /** Set 2: B (heaviest), then the four of set 1 with the smallest addresses. */
  private static List<PublicKey> set2() {
    List<PublicKey> keys = new ArrayList<>();
    keys.add(b.publicKey());
    set1().stream()
        .sorted(Comparator.comparing(k -> Address.of(k, ChangingWitnessChain.CHAIN)))
        .limit(4)
        .forEach(keys::add);
    return keys;
  }

  private static List<String> sortedBase58(List<PublicKey> keys) {
    return keys.stream().map(PublicKey::bytes).sorted().map(Bytes::toBase58).toList();
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static long linkHeight(JsonNode link) {
    return BlockHeader.decode(Base64.getDecoder().decode(link.get("header").asText())).height();
  }

  @Test
  void theElectionsChangeTheMembersAsTheRulesSay() {
    assertThat(chain.witnessSet(5).witnesses()).containsExactlyInAnyOrderElementsOf(genesisKeys());
    assertThat(chain.witnessSet(6).witnesses()).containsExactlyInAnyOrderElementsOf(set1());
    assertThat(chain.witnessSet(10).witnesses()).containsExactlyInAnyOrderElementsOf(set2());
    assertThat(chain.witnessSet(10).witnesses())
        .hasSize(5)
        .contains(b.publicKey())
        .doesNotContain(chainKeyLeftOut());
    assertThat(chain.witnessSet(14).hash()).isEqualTo(chain.witnessSet(10).hash());
  }

  /** The genesis witness set 2 leaves out: the largest address among set 1. */
  private static PublicKey chainKeyLeftOut() {
    return set1().stream()
        .max(Comparator.comparing(k -> Address.of(k, ChangingWitnessChain.CHAIN)))
        .orElseThrow();
  }

  @Test
  void receiptsFromTheGenesisMembersCarryNoSetChanges() {
    for (long h : new long[] {1, 5}) {
      ObjectNode receipt = receipt(h);
      assertThat(receipt.has("witnessSetChanges")).as("height " + h).isFalse();
      assertThat(new ReceiptVerifier(chain.genesis).check(receipt).height()).isEqualTo(h);
    }
  }

  @Test
  void aReceiptAfterTheFirstChangeCarriesItsSnapshotAndVerifiesFromTheGenesisAlone() {
    for (long h : new long[] {7, 9}) {
      ObjectNode receipt = receipt(h);
      JsonNode links = receipt.get("witnessSetChanges");
      assertThat(links).as("height " + h).hasSize(1);
      assertThat(linkHeight(links.get(0))).isEqualTo(4);
      assertThat(texts(links.get(0).get("witnesses"))).isEqualTo(sortedBase58(set1()));
      ReceiptVerifier.Verified v = new ReceiptVerifier(chain.genesis).check(receipt);
      assertThat(v.height()).isEqualTo(h);
      assertThat(v.targetHash()).isEqualTo(ANCHORED.get(h));
    }
  }

  @Test
  void aReceiptAfterTheSwapCarriesBothChangesButNotTheElectionThatChangedNothing() {
    for (long h : new long[] {11, 15}) {
      ObjectNode receipt = receipt(h);
      JsonNode links = receipt.get("witnessSetChanges");
      assertThat(links).as("height " + h).hasSize(2);
      assertThat(linkHeight(links.get(0))).isEqualTo(4);
      assertThat(linkHeight(links.get(1))).isEqualTo(8);
      assertThat(texts(links.get(1).get("witnesses"))).isEqualTo(sortedBase58(set2()));
      assertThat(ReceiptVerifier.verify(receipt, chain.genesis).height()).isEqualTo(h);
    }
  }

  @Test
  void withoutItsSetChangesAReceiptFromAnotherSetIsRefused() {
    ObjectNode receipt = receipt(11);
    receipt.remove("witnessSetChanges");
    refused(receipt, "receipt.witnesses");
  }

  @Test
  void aMissingLinkIsRefused() {
    refused(withLinks(11, links -> links.remove(1)), "receipt.witnesses");
    refused(withLinks(11, links -> links.remove(0)), "receipt.set_change_witnesses");
  }

  @Test
  void linksOutOfOrderAreRefused() {
    refused(withLinks(11, links -> links.add(links.get(0).deepCopy())), "receipt.set_change_order");
    refused(
        withLinks(
            11,
            links -> {
              JsonNode first = links.remove(0);
              links.add(first);
            }),
        "receipt.set_change_witnesses");
    refused(
        withLinks(11, links -> links.insert(0, links.get(0).deepCopy())),
        "receipt.set_change_order");
  }

  @Test
  void aChangeThatTakesEffectAfterTheReceiptsBlockIsRefused() {
    // Block 9 is in the interim after snapshot 8: the set elected there produces from height 10.
    JsonNode link8 = receipt(11).get("witnessSetChanges").get(1);
    refused(withLinks(9, links -> links.add(link8.deepCopy())), "receipt.set_change_order");
  }

  @Test
  void aHeaderThatIsNotASnapshotIsRefused() {
    WitnessSetChange notSnapshot =
        new WitnessSetChange(
            chain.block(5).header(), chain.certificate(5), new WitnessSet(1, set1()));
    refused(withLinks(7, links -> links.set(0, notSnapshot.toJson())), "receipt.set_change_order");
  }

  @Test
  void aSetThatDoesNotHashToTheCommittedValueIsRefused() {
    List<PublicKey> withC = new ArrayList<>(genesisKeys());
    withC.add(chain.users.get(2).publicKey());
    refused(
        withLinks(7, links -> keys(links.get(0)).removeAll().addAll(base58(withC))),
        "receipt.set_change_hash");
    refused(withLinks(7, links -> keys(links.get(0)).remove(0)), "receipt.set_change_hash");
  }

  @Test
  void anElectionThatChangesNoMemberIsNotALink() {
    WitnessSetChange same =
        new WitnessSetChange(
            chain.block(12).header(), chain.certificate(12), new WitnessSet(3, set2()));
    refused(withLinks(15, links -> links.add(same.toJson())), "receipt.set_change_hash");
  }

  @Test
  void aCertificateBelowThresholdIsRefused() {
    BlockHeader header4 = chain.block(4).header();
    WitnessSetChange weak =
        new WitnessSetChange(
            header4,
            ChangingWitnessChain.certify(header4, chain.witnesses.subList(0, 2).stream()),
            new WitnessSet(1, set1()));
    refused(withLinks(7, links -> links.set(0, weak.toJson())), "certificate.threshold");
  }

  @Test
  void aCertificateSignedByTheWrongSetIsRefused() {
    // Snapshot 8 is produced by set 1; set 2's witnesses (B among them) sign it instead.
    BlockHeader header8 = chain.block(8).header();
    WitnessSetChange wrong =
        new WitnessSetChange(
            header8,
            ChangingWitnessChain.certify(header8, set2().stream().limit(4).map(chain::key)),
            new WitnessSet(2, set2()));
    refused(withLinks(11, links -> links.set(1, wrong.toJson())), "certificate.witness");
    // The certificate of another block.
    WitnessSetChange other =
        new WitnessSetChange(header8, chain.certificate(4), new WitnessSet(2, set2()));
    refused(withLinks(11, links -> links.set(1, other.toJson())), "certificate.height");
  }

  @Test
  void changingALinkAfterItWasVerifiedDoesNotChangeWhatTheVerifierTrusts() {
    ReceiptVerifier verifier = new ReceiptVerifier(chain.genesis);
    ObjectNode receipt = receipt(11);
    verifier.check(receipt);
    keys(receipt.get("witnessSetChanges").get(1)).remove(0);
    assertThatThrownBy(() -> verifier.check(receipt))
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("receipt.set_change_hash");
  }

  @Test
  void malformedLinksAreRefused() {
    refused(withLinks(7, ArrayNode::removeAll), "receipt.set_change");
    refused(withLinks(7, links -> ((ObjectNode) links.get(0)).put("x", 1)), "receipt.set_change");
    refused(withLinks(7, links -> reverse(keys(links.get(0)))), "receipt.set_change");
    refused(withLinks(7, links -> links.set(0, links.get(0).get("header"))), "receipt.set_change");
    ObjectNode notAList = receipt(7);
    notAList.put("witnessSetChanges", "none");
    refused(notAList, "receipt.set_change");
  }

  @Test
  void anyChangedCharacterOfTheSetChangesIsRefused() {
    ObjectNode receipt = receipt(15);
    // Warm: the caches hold every link and header; none may let a changed one through.
    ReceiptVerifier warm = new ReceiptVerifier(chain.genesis);
    warm.check(receipt);
    warm.check(receipt(11));
    int[] mutations = {0};
    List<String> survived = new ArrayList<>();
    JsonNode links = receipt.get("witnessSetChanges");
    for (int i = 0; i < links.size(); i++) {
      for (String field : List.of("header", "finalityCertificate")) {
        int link = i;
        forEachChange(
            links.get(i).get(field).asText(),
            BASE64,
            text -> {
              mutations[0]++;
              ObjectNode copy = receipt.deepCopy();
              ((ObjectNode) copy.get("witnessSetChanges").get(link)).put(field, text);
              check(warm, copy, survived);
            });
      }
      JsonNode keys = links.get(i).get("witnesses");
      for (int k = 0; k < keys.size(); k++) {
        int link = i;
        int key = k;
        forEachChange(
            keys.get(k).asText(),
            BASE58,
            text -> {
              mutations[0]++;
              ObjectNode copy = receipt.deepCopy();
              ((ArrayNode) copy.get("witnessSetChanges").get(link).get("witnesses")).set(key, text);
              check(warm, copy, survived);
            });
      }
    }
    assertThat(mutations[0]).isGreaterThan(2000);
    assertThat(survived).isEmpty();
    assertThat(warm.check(receipt).height()).isEqualTo(15);
  }

  private static void check(ReceiptVerifier verifier, ObjectNode receipt, List<String> survived) {
    try {
      verifier.check(receipt);
      survived.add(receipt.get("witnessSetChanges").toString());
    } catch (SteleException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  /** Each character of {@code text} replaced by the next one of {@code alphabet}. */
  private static void forEachChange(String text, String alphabet, Consumer<String> changed) {
    for (int i = 0; i < text.length(); i++) {
      int at = alphabet.indexOf(text.charAt(i));
      char other = alphabet.charAt((at + 1) % alphabet.length());
      changed.accept(text.substring(0, i) + other + text.substring(i + 1));
    }
  }

  private static ObjectNode withLinks(long height, Consumer<ArrayNode> change) {
    ObjectNode receipt = receipt(height);
    if (!receipt.has("witnessSetChanges")) {
      receipt.putArray("witnessSetChanges");
    }
    change.accept((ArrayNode) receipt.get("witnessSetChanges"));
    return receipt;
  }

  private static ArrayNode keys(JsonNode link) {
    return (ArrayNode) link.get("witnesses");
  }

  private static List<TextNode> base58(List<PublicKey> keys) {
    return sortedBase58(keys).stream().map(TextNode::valueOf).toList();
  }

  private static void reverse(ArrayNode keys) {
    List<JsonNode> list = new ArrayList<>();
    keys.forEach(list::add);
    keys.removeAll();
    Stream.iterate(list.size() - 1, i -> i >= 0, i -> i - 1).forEach(i -> keys.add(list.get(i)));
  }

  private static void refused(ObjectNode receipt, String code) {
    assertThatThrownBy(() -> new ReceiptVerifier(chain.genesis).check(receipt))
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo(code);
    ReceiptVerifier warm = new ReceiptVerifier(chain.genesis);
    for (long h : ANCHORED.keySet()) {
      warm.check(receipt(h));
    }
    assertThatThrownBy(() -> warm.check(receipt))
        .as("a verifier that has seen the good receipts refuses it too")
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo(code);
  }
}
