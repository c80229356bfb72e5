package io.stele.exchange.sealed;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.core.random.SeededRng;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealedDepositTest {
  private static final int CHAIN = 'T';
  private final SeededRng rng = new SeededRng(5);
  private final KeyPair faucet = KeyPair.generate(rng);
  private final KeyPair alice = KeyPair.generate(rng);
  private final ManualClock clock = new ManualClock(1_000);
  private final EpochKey.Deal epoch0 = EpochKey.deal(CHAIN, 0, 2, 3, rng);
  private final SequencerConfig config = new SequencerConfig(CHAIN, 3, 50, 2);

  @TempDir Path dir;

  private SealedDeposit deposit(long counter, long amount) {
    return SealedDeposit.sign(faucet, CHAIN, 0, counter, alice.publicKey(), 2, amount);
  }

  @Test
  void theBytesAreTheDocumentedLayout() {
    byte[] bytes = deposit(9, 1_500).bytes().toArray();
    ByteBuffer b = ByteBuffer.wrap(bytes);
    byte[] domain = new byte[20];
    b.get(domain);
    assertThat(new String(domain, StandardCharsets.US_ASCII)).isEqualTo("stele.sealed.deposit");
    assertThat(b.get()).isEqualTo((byte) 1);
    assertThat(b.get()).isEqualTo((byte) CHAIN);
    assertThat(b.getLong()).isZero();
    assertThat(b.getLong()).isEqualTo(9);
    byte[] key = new byte[32];
    b.get(key);
    assertThat(key).isEqualTo(faucet.publicKey().bytes().toArray());
    b.get(key);
    assertThat(key).isEqualTo(alice.publicKey().bytes().toArray());
    assertThat(b.getShort()).isEqualTo((short) 2);
    assertThat(b.getLong()).isEqualTo(1_500);
    byte[] signature = new byte[64];
    b.get(signature);
    assertThat(b.remaining()).isZero();
    assertThat(faucet.publicKey().verify(Arrays.copyOf(bytes, 112), signature)).isTrue();
  }

  @Property(tries = 50)
  void parsingWhatWasSignedGivesItBack(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long counter,
      @ForAll @IntRange(min = 0, max = 65535) int asset,
      @ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long amount) {
    SealedDeposit signed =
        SealedDeposit.sign(faucet, CHAIN, 3, counter, alice.publicKey(), asset, amount);
    SealedDeposit parsed = SealedDeposit.parse(signed.bytes().toArray());
    assertThat(parsed).isEqualTo(signed);
    assertThat(parsed.counter()).isEqualTo(counter);
    assertThat(parsed.asset()).isEqualTo(asset);
    assertThat(parsed.amount()).isEqualTo(amount);
    assertThat(parsed.recipient()).isEqualTo(alice.publicKey());
    assertThat(parsed.signatureValid()).isTrue();
  }

  @Test
  void malformedBytesAreRefusedWithTheField() {
    byte[] good = deposit(1, 10).bytes().toArray();
    assertThat(malformed(Arrays.copyOf(good, good.length - 1))).contains("176 bytes");
    byte[] domain = good.clone();
    domain[0] = 'x';
    assertThat(malformed(domain)).contains("stele.sealed.deposit");
    byte[] version = good.clone();
    version[20] = 2;
    assertThat(malformed(version)).contains("version 2");
    byte[] zero =
        SealedDeposit.sign(faucet, CHAIN, 0, 1, alice.publicKey(), 2, 1).bytes().toArray();
    Arrays.fill(zero, 104, 112, (byte) 0);
    assertThat(malformed(zero)).contains("amount 0");
    byte[] forged = good.clone();
    forged[110] ^= 1;
    assertThat(SealedDeposit.parse(forged).signatureValid()).isFalse();
  }

  private static String malformed(byte[] bytes) {
    try {
      SealedDeposit.parse(bytes);
    } catch (SteleException e) {
      assertThat(e.code()).isEqualTo("sealed.deposit_malformed");
      return e.getMessage();
    }
    throw new AssertionError("expected a rejection");
  }

  @Test
  void aBatchCommitsItsDepositsAndTheirPositionsInItsHash() throws Exception {
    Sequencer sequencer = new Sequencer(config, clock, epoch0.announcement());
    OrderSealer sealer = new OrderSealer(alice, epoch0.announcement(), rng, 0);
    SealedDeposit first = deposit(1, 100);
    SealedDeposit second = deposit(2, 200);
    sequencer.admit(first);
    byte[] envelope = sealer.seal(new byte[] {1}).bytes().toArray();
    sequencer.admit(envelope);
    sequencer.admit(second);
    assertThat(codeOf(() -> sequencer.admit(deposit(2, 300)))).isEqualTo("sealed.replayed_counter");
    byte[] forged = deposit(3, 300).bytes().toArray();
    forged[110] ^= 1;
    assertThat(codeOf(() -> sequencer.admit(SealedDeposit.parse(forged))))
        .isEqualTo("sealed.bad_signature");
    clock.advance(50);
    SealedBatch batch = sequencer.tick().orElseThrow();

    assertThat(batch.deposits())
        .containsExactly(new SealedBatch.Deposit(0, first), new SealedBatch.Deposit(1, second));
    // computed here with MessageDigest: leaf = H(0 || u32 position || deposit), two leaves
    byte[] leaf0 = sha256(new byte[] {0}, new byte[] {0, 0, 0, 0}, first.bytes().toArray());
    byte[] leaf1 = sha256(new byte[] {0}, new byte[] {0, 0, 0, 1}, second.bytes().toArray());
    byte[] depositRoot = sha256(new byte[] {1}, leaf0, leaf1);
    byte[] merkleRoot = sha256(new byte[] {0}, envelope);
    assertThat(batch.hash().toArray()).isEqualTo(sha256(new byte[32], merkleRoot, depositRoot));
    assertThat(batch.recomputedHash()).isEqualTo(batch.hash());
  }

  @Test
  void aDepositIsLoggedAndSurvivesARestart() {
    Path log = dir.resolve("sequencer.log");
    Sequencer before =
        Sequencer.recover(config, clock, SequencerLog.open(log), epoch0::announcement).sequencer();
    SealedDeposit deposit = deposit(1, 100);
    before.admit(deposit);
    before.awaitDurable(before.logged());

    Sequencer after =
        Sequencer.recover(config, clock, SequencerLog.open(log), epoch0::announcement).sequencer();
    assertThat(after.pendingDeposits()).isEqualTo(1);
    assertThat(codeOf(() -> after.admit(deposit))).isEqualTo("sealed.replayed_counter");
    clock.advance(50);
    assertThat(after.tick().orElseThrow().deposits())
        .containsExactly(new SealedBatch.Deposit(0, deposit));
  }

  @Test
  void aBatchFileWithDepositsReadsBackAsPublished() {
    Sequencer sequencer = new Sequencer(config, clock, epoch0.announcement());
    sequencer.admit(deposit(1, 100));
    clock.advance(50);
    SealedBatch batch = sequencer.tick().orElseThrow();
    BatchArchive archive = new BatchArchive(dir);
    archive.writeBatch(batch);
    PublishedBatch read = archive.readBatch(1).orElseThrow();
    assertThat(read.hash()).isEqualTo(batch.hash());
    assertThat(read.depositRoot()).isEqualTo(SealedBatch.depositRoot(batch.deposits()));
    assertThat(read.deposits())
        .containsExactly(new PublishedBatch.Deposit(0, batch.deposits().get(0).deposit().bytes()));
    assertThat(read.envelopes()).isEqualTo(List.of());
  }

  private static String codeOf(Runnable action) {
    try {
      action.run();
    } catch (SteleException e) {
      return e.code();
    }
    throw new AssertionError("expected a rejection");
  }

  private static byte[] sha256(byte[]... parts) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    for (byte[] part : parts) {
      digest.update(part);
    }
    return digest.digest();
  }
}
