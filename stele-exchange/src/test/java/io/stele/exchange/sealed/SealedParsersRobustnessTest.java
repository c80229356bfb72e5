package io.stele.exchange.sealed;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.error.SteleException;
import io.stele.core.random.SeededRng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Outside bytes either parse or are refused with a stable code; nothing else escapes. */
class SealedParsersRobustnessTest {

  @Property(tries = 300)
  void arbitraryEnvelopeBytesAreParsedOrRefusedAsMalformed(@ForAll @Size(max = 400) byte[] bytes) {
    try {
      SealedEnvelope envelope = SealedEnvelope.parse(bytes);
      assertThat(envelope.bytes().toArray()).isEqualTo(bytes);
    } catch (SteleException e) {
      assertThat(e.code()).isEqualTo("sealed.malformed");
    }
  }

  @Property(tries = 300)
  void arbitraryDepositBytesAreParsedOrRefusedAsMalformed(
      @ForAll @Size(min = 170, max = 180) byte[] bytes, @ForAll boolean withDomain) {
    if (withDomain) {
      // mostly past the leading text, so the fields behind it are exercised too
      byte[] domain = "stele.sealed.deposit".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      System.arraycopy(domain, 0, bytes, 0, domain.length);
      bytes[domain.length] = 1;
    }
    try {
      SealedDeposit deposit = SealedDeposit.parse(bytes);
      assertThat(deposit.bytes().toArray()).isEqualTo(bytes);
      assertThat(deposit.amount()).isPositive();
    } catch (SteleException e) {
      assertThat(e.code()).isEqualTo("sealed.deposit_malformed");
    }
  }

  @Property(tries = 300)
  void arbitraryBundleBytesAreParsedOrRefusedWithABundleCode(
      @ForAll @Size(max = 600) byte[] bytes) {
    try {
      SealedBundle bundle = SealedBundle.parse(bytes);
      assertThat(bundle.bytes().toArray()).isEqualTo(bytes);
    } catch (SteleException e) {
      assertThat(e.code()).isIn("exchange.bundle_malformed", "exchange.bundle_too_large");
    }
  }

  @Property(tries = 100)
  void aCorruptedBatchFileIsRefusedWithACode(
      @ForAll @IntRange(max = 100_000) int where,
      @ForAll @Size(min = 1, max = 4) byte[] junk,
      @ForAll boolean bundled)
      throws IOException {
    Path dir = Files.createTempDirectory("sealed-robustness");
    try {
      Pipeline pipeline = new Pipeline(9, dir, 2, new SequencerConfig(Pipeline.CHAIN, 2, 10, 1));
      if (bundled) {
        pipeline.submitBundle(0, java.util.List.of("a", "b"));
      } else {
        pipeline.submit(0, "a");
        pipeline.submit(1, "b");
      }
      Path file = dir.resolve("batch-000000000001.json");
      byte[] bytes = Files.readAllBytes(file);
      int at = where % bytes.length;
      for (int i = 0; i < junk.length && at + i < bytes.length; i++) {
        bytes[at + i] = junk[i];
      }
      Files.write(file, bytes);
      try {
        new SealedAudit(Pipeline.CHAIN, 1, pipeline.anchorer).audit(dir);
      } catch (SteleException e) {
        assertThat(e.code()).startsWith("audit.");
      }
    } finally {
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      Files.delete(dir);
    }
  }

  @Property(tries = 50)
  void sharesOfADifferentDealNeverRebuildTheKey(@ForAll long seed) {
    EpochKey.Deal deal = EpochKey.deal('T', 1, 2, 3, new SeededRng(seed));
    EpochKey.Deal other = EpochKey.deal('T', 1, 2, 3, new SeededRng(seed + 1));
    try {
      EpochKey.recover(deal.announcement(), other.shares().subList(0, 2));
      throw new AssertionError("foreign shares were accepted");
    } catch (SteleException e) {
      assertThat(e.code()).isEqualTo("sealed.bad_share");
    }
  }
}
