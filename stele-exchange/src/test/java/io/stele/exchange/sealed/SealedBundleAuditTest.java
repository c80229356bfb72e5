package io.stele.exchange.sealed;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.core.random.SeededRng;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator that tampers with a bundle before sealing publishes a batch that is consistent at the
 * batch level (leaf hashes, root, hash and anchor all match): only the bundle signature shows the
 * change, and the audit names the member.
 */
class SealedBundleAuditTest {
  private static final int CHAIN = Pipeline.CHAIN;

  private final SeededRng rng = new SeededRng(77);
  private final EpochKey.Deal deal = EpochKey.deal(CHAIN, 0, 2, 3, rng);
  private final KeyPair alice = KeyPair.generate(rng);
  private final KeyPair bob = KeyPair.generate(rng);
  private final KeyPair carol = KeyPair.generate(rng);
  private final InMemoryAnchorer anchorer = new InMemoryAnchorer();

  private static List<byte[]> payloads(String prefix, int count) {
    List<byte[]> payloads = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      payloads.add((prefix + " " + i).getBytes(StandardCharsets.UTF_8));
    }
    return payloads;
  }

  /** Bob's envelope, then Alice's bundle of {@code size}, then Carol's bundle of 2. */
  private final class Honest {
    final SealedEnvelope single =
        new OrderSealer(bob, deal.announcement(), rng, 0)
            .seal("bob".getBytes(StandardCharsets.UTF_8));
    final SealedBundle bundle;
    final SealedBundle carols =
        new OrderSealer(carol, deal.announcement(), rng, 0).sealBundle(payloads("carol", 2));

    Honest(int size) {
      bundle =
          new OrderSealer(alice, deal.announcement(), rng, 0).sealBundle(payloads("alice", size));
    }

    /** Publishes the batch with Alice's members replaced by {@code members}, consistently. */
    SealedBatch publish(Path dir, List<SealedEnvelope> members, BundleSignature alices) {
      List<SealedEnvelope> envelopes = new ArrayList<>();
      envelopes.add(single);
      envelopes.addAll(members);
      int carolAt = envelopes.size();
      envelopes.addAll(carols.members());
      SealedBatch batch =
          SealedBatch.seal(
              1, 0, SealedBatch.GENESIS, envelopes, List.of(alices, carols.at(carolAt)));
      BatchArchive archive = new BatchArchive(dir);
      archive.writeEpoch(deal.announcement());
      archive.writeBatch(batch);
      archive.writeAnchor(1, anchorer.anchor(batch.hash()).join());
      return batch;
    }

    SealedBatch publish(Path dir, UnaryOperator<List<SealedEnvelope>> tamper) {
      return publish(dir, tamper.apply(new ArrayList<>(bundle.members())), bundle.at(1));
    }
  }

  private String failure(Path dir) {
    try {
      new SealedAudit(CHAIN, 1, anchorer).audit(dir);
    } catch (SteleException e) {
      return e.code() + ": " + e.getMessage();
    }
    throw new AssertionError("the audit passed");
  }

  /** A member Alice never signed: anyone can make one, since members carry no signature. */
  private SealedEnvelope forgedMember(long counter) {
    return new OrderSealer(alice, deal.announcement(), rng, counter)
        .sealBundle(payloads("forged", 1))
        .members()
        .get(0);
  }

  private static SealedEnvelope altered(SealedEnvelope member) {
    byte[] bytes = member.bytes().toArray();
    bytes[bytes.length - 1] ^= 1; // the last byte of the GCM tag
    return SealedEnvelope.parse(bytes);
  }

  @Test
  void anHonestBatchOfBundlesOpensInSealedOrder(@TempDir Path dir) {
    Pipeline pipeline = new Pipeline(3, dir, 3, Pipeline.smallBatches());
    pipeline.submit(0, "a0");
    pipeline.submitBundle(1, List.of("b0", "b1", "b2", "b3", "b4"));
    pipeline.submitBundle(2, List.of("c0"));
    pipeline.submitBundle(0, List.of("a1", "a2"));
    pipeline.submit(1, "b5");
    pipeline.tick();
    pipeline.tick();
    AuditReport report = new SealedAudit(CHAIN, 2, pipeline.anchorer).audit(dir);
    assertThat(report.sealedBatches()).isZero();
    assertThat(report.payloads()).containsExactlyElementsOf(pipeline.admitted);
    assertThat(pipeline.batches.get(0).bundles())
        .extracting(BundleSignature::position)
        .containsExactly(1);
  }

  @Test
  void aBatchWithoutBundlesKeepsTheVersion1File(@TempDir Path dir) throws IOException {
    Honest honest = new Honest(2);
    SealedBatch batch = SealedBatch.seal(1, 0, SealedBatch.GENESIS, List.of(honest.single));
    new BatchArchive(dir).writeBatch(batch);
    String text = Files.readString(dir.resolve("batch-000000000001.json"));
    assertThat(text).contains("\"version\" : 1").doesNotContain("bundles");
  }

  @Test
  void aMemberNoBundleListsIsNamedAsForged(@TempDir Path dir) {
    Honest honest = new Honest(3);
    List<SealedEnvelope> members = new ArrayList<>(honest.bundle.members());
    members.add(0, forgedMember(100));
    // The forged member sits before Alice's bundle, which starts one later.
    honest.publish(dir, members, honest.bundle.at(2));
    assertThat(failure(dir))
        .isEqualTo(
            "audit.bundle_member_forged: batch 1, position 1: a bundle member that no signed"
                + " bundle lists");
  }

  @Test
  void aForgedBundleSignatureIsNamed(@TempDir Path dir) {
    Honest honest = new Honest(3);
    BundleSignature genuine = honest.bundle.at(1);
    byte[] signature = genuine.signature().toArray();
    signature[0] ^= 1;
    honest.publish(
        dir,
        honest.bundle.members(),
        new BundleSignature(1, genuine.statement(), Bytes.wrap(signature)));
    assertThat(failure(dir)).startsWith("audit.bundle_signature: batch 1, bundle at position 1:");
  }

  @Test
  void anUnsignedVersion2BatchIsNotTakenForAVersion1One(@TempDir Path dir) throws IOException {
    Honest honest = new Honest(2);
    honest.publish(dir, l -> l);
    Path file = dir.resolve("batch-000000000001.json");
    Files.writeString(file, Files.readString(file).replace("\"version\" : 2", "\"version\" : 1"));
    assertThat(failure(dir))
        .isEqualTo("audit.malformed: batch 1: a version 1 batch has no bundles");
  }

  enum Tamper {
    DROP("audit.bundle_member_dropped"),
    REORDER("audit.bundle_member_reordered"),
    ALTER("audit.bundle_member_altered"),
    FORGE("audit.bundle_member_forged");

    final String code;

    Tamper(String code) {
      this.code = code;
    }
  }

  /**
   * The law: whatever member of a bundle an operator drops, swaps with the next, alters or adds,
   * the audit names that change and the position of the first member that differs.
   */
  @Property(tries = 40)
  void everyTamperedMemberIsNamedWithItsPosition(
      @ForAll Tamper tamper,
      @ForAll @IntRange(min = 2, max = 6) int size,
      @ForAll @IntRange(min = 0, max = 5) int index)
      throws IOException {
    int member = Math.min(index, tamper == Tamper.REORDER ? size - 2 : size - 1);
    Path dir = Files.createTempDirectory("bundle-audit");
    try {
      Honest honest = new Honest(size);
      honest.publish(
          dir,
          members -> {
            switch (tamper) {
              case DROP -> members.remove(member);
              case REORDER -> members.add(member + 1, members.remove(member));
              case ALTER -> members.set(member, altered(members.get(member)));
              case FORGE -> members.add(member, forgedMember(member));
            }
            return members;
          });
      assertThat(failure(dir))
          .startsWith(tamper.code + ": batch 1, position " + (1 + member) + ":");
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(SealedBundleAuditTest::delete);
      }
    }
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
