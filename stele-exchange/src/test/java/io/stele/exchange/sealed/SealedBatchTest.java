package io.stele.exchange.sealed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.bytes.Bytes;
import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.HashFunction;
import io.stele.core.crypto.KeyPair;
import io.stele.core.encoding.Base58;
import io.stele.core.merkle.MerkleTree;
import io.stele.core.random.SeededRng;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch's Merkle root is built from leaf hashes the sequencer remembers per envelope; it must
 * stay the RFC 6962 root of the envelope bytes that stele-core's {@link MerkleTree} builds, and a
 * key holder's recomputation must agree with it for every size (odd tails, powers of two, empty).
 * The batch file lists the same leaf hashes, computed here with the JDK's digest.
 */
class SealedBatchTest {
  private static final SeededRng RNG = new SeededRng(5);
  private static final EpochKey.Deal DEAL = EpochKey.deal('T', 0, 2, 3, RNG);
  private static final List<SealedEnvelope> ENVELOPES = envelopes(70);

  private static List<SealedEnvelope> envelopes(int n) {
    OrderSealer sealer = new OrderSealer(KeyPair.generate(RNG), DEAL.announcement(), RNG, 0);
    List<SealedEnvelope> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(sealer.seal(new byte[] {(byte) i, (byte) (i * 7)}));
    }
    return out;
  }

  @Property(tries = 71)
  void theRootIsTheRfc6962RootOfTheEnvelopeBytesAndHoldersRecomputeTheSameHash(
      @ForAll @IntRange(min = 0, max = 70) int size) {
    List<SealedEnvelope> envelopes = ENVELOPES.subList(0, size);
    Bytes previous = Bytes.wrap(HashFunction.SHA256.hash(new byte[] {(byte) size}));

    SealedBatch batch = SealedBatch.seal(4, 0, previous, envelopes);

    byte[] root = MerkleTree.build(HashFunction.SHA256, raw(envelopes)).root();
    assertThat(batch.merkleRoot().toArray()).isEqualTo(root);
    assertThat(batch.hash().toArray())
        .isEqualTo(HashFunction.SHA256.hash(previous.toArray(), root));
    assertThat(batch.recomputedHash()).isEqualTo(batch.hash());
  }

  @Test
  void theBatchFileListsEachLeafHashInBase58AndEachEnvelopeInBase64(@TempDir Path dir)
      throws Exception {
    Sequencer sequencer =
        new Sequencer(
            new SequencerConfig('T', ENVELOPES.size(), 1_000, 1),
            new ManualClock(0),
            DEAL.announcement());
    SealedBatch batch = null;
    for (SealedEnvelope envelope : ENVELOPES) {
      batch = sequencer.admit(envelope).orElse(null);
    }
    new BatchArchive(dir).writeBatch(batch);

    JsonNode file = new ObjectMapper().readTree(dir.resolve("batch-000000000001.json").toFile());
    assertThat(file.get("leafHashes")).hasSize(ENVELOPES.size());
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    for (int i = 0; i < ENVELOPES.size(); i++) {
      byte[] bytes = ENVELOPES.get(i).bytes().toArray();
      sha256.update((byte) 0);
      byte[] leaf = sha256.digest(bytes);
      assertThat(file.get("leafHashes").get(i).asText()).isEqualTo(Base58.encode(leaf));
      assertThat(file.get("envelopes").get(i).asText())
          .isEqualTo(Base64.getEncoder().encodeToString(bytes));
    }
    assertThat(file.get("merkleRoot").asText())
        .isEqualTo(Base58.encode(MerkleTree.build(HashFunction.SHA256, raw(ENVELOPES)).root()));
  }

  @Test
  void theBatchFileHasExactlyTheBytesOfItsJsonTreePrettyPrinted(@TempDir Path dir)
      throws Exception {
    List<SealedEnvelope> envelopes = ENVELOPES.subList(0, 5);
    Bytes previous = Bytes.wrap(new byte[32]);
    byte[] statement = {1, 2, 3};
    Bytes signature = Bytes.wrap(new byte[64]);
    SealedBatch batch =
        SealedBatch.seal(
            3,
            0,
            previous,
            envelopes,
            List.of(new BundleSignature(0, Bytes.wrap(statement), signature)));
    new BatchArchive(dir).writeBatch(batch);

    // The same content as a tree, written by Jackson's own pretty printer: a version 2 file.
    ObjectMapper json = new ObjectMapper();
    ObjectNode tree = json.createObjectNode();
    tree.put("version", 2).put("sequence", 3).put("epoch", 0);
    tree.put("previousHash", Base58.encode(new byte[32]));
    byte[] root = MerkleTree.build(HashFunction.SHA256, raw(envelopes)).root();
    tree.put("merkleRoot", Base58.encode(root));
    tree.put("hash", Base58.encode(HashFunction.SHA256.hash(new byte[32], root)));
    ArrayNode leaves = tree.putArray("leafHashes");
    ArrayNode bytes = tree.putArray("envelopes");
    for (byte[] envelope : raw(envelopes)) {
      leaves.add(Base58.encode(MerkleTree.leafHash(HashFunction.SHA256, envelope)));
      bytes.add(Base64.getEncoder().encodeToString(envelope));
    }
    tree.putArray("bundles")
        .addObject()
        .put("position", 0)
        .put("statement", Base64.getEncoder().encodeToString(statement))
        .put("signature", Base58.encode(new byte[64]));
    assertThat(Files.readAllBytes(dir.resolve("batch-000000000003.json")))
        .isEqualTo(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree));
  }

  private static List<byte[]> raw(List<SealedEnvelope> envelopes) {
    List<byte[]> raw = new ArrayList<>();
    envelopes.forEach(e -> raw.add(e.bytes().toArray()));
    return raw;
  }
}
