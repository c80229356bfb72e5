package io.stele.ledger.consensus;

import static io.stele.ledger.consensus.Fixtures.CHAIN;
import static io.stele.ledger.consensus.Fixtures.failsWith;
import static io.stele.ledger.consensus.Fixtures.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.core.random.SeededRng;
import io.stele.ledger.block.BlockHeader;
import io.stele.ledger.block.Confirmation;
import io.stele.ledger.block.Confirmation.VoteType;
import io.stele.ledger.block.WitnessSet;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class EvidenceTest {
  private static final SeededRng RNG = new SeededRng(3);
  private static final KeyPair OFFENDER = KeyPair.generate(RNG);
  private static final KeyPair OTHER = KeyPair.generate(RNG);
  private static final WitnessSet WITNESSES =
      new WitnessSet(0, List.of(OTHER.publicKey(), OFFENDER.publicKey()));
  private static final Bytes ROOT_A = Bytes.wrap(filled(32, 1));
  private static final Bytes ROOT_B = Bytes.wrap(filled(32, 2));

  private static byte[] filled(int length, int value) {
    byte[] b = new byte[length];
    Arrays.fill(b, (byte) value);
    return b;
  }

  private static Bytes sign(KeyPair key, BlockHeader header) {
    return Bytes.wrap(key.sign(header.encode()));
  }

  static DoubleBlock doubleBlock() {
    BlockHeader a = header(9, 100, OFFENDER.publicKey(), ROOT_A);
    BlockHeader b = header(9, 100, OFFENDER.publicKey(), ROOT_B);
    return DoubleBlock.of(a, sign(OFFENDER, a), b, sign(OFFENDER, b));
  }

  private static final int ROUND = 4;

  static DoubleConfirmation doubleConfirmation() {
    return DoubleConfirmation.of(
        VoteType.PRECOMMIT,
        CHAIN,
        9,
        ROUND,
        ROOT_A,
        Confirmation.sign(OFFENDER, CHAIN, 9, ROUND, ROOT_A),
        ROOT_B,
        Confirmation.sign(OFFENDER, CHAIN, 9, ROUND, ROOT_B));
  }

  private static Confirmation prevote(KeyPair key, Bytes hash) {
    return new Confirmation(key.publicKey(), Bytes.wrap(key.sign(voteMessage(1, ROUND, hash))));
  }

  static WitnessSet witnesses() {
    return WITNESSES;
  }

  static KeyPair offender() {
    return OFFENDER;
  }

  private static byte[] sha256(byte[] data) throws NoSuchAlgorithmException {
    return MessageDigest.getInstance("SHA-256").digest(data);
  }

  @Test
  void aDoubleBlockIsTwoSignedHeadersSmallerHashFirst() throws Exception {
    BlockHeader a = header(9, 100, OFFENDER.publicKey(), ROOT_A);
    BlockHeader b = header(9, 100, OFFENDER.publicKey(), ROOT_B);
    boolean aFirst = Arrays.compareUnsigned(sha256(a.encode()), sha256(b.encode())) < 0;
    BlockHeader first = aFirst ? a : b;
    BlockHeader second = aFirst ? b : a;
    byte[] expected =
        ByteBuffer.allocate(1 + 2 * (BlockHeader.LENGTH + 64))
            .put((byte) 1)
            .put(first.encode())
            .put(OFFENDER.sign(first.encode()))
            .put(second.encode())
            .put(OFFENDER.sign(second.encode()))
            .array();
    DoubleBlock evidence = DoubleBlock.of(b, sign(OFFENDER, b), a, sign(OFFENDER, a));
    assertThat(evidence.encode()).isEqualTo(expected);
    assertThat(evidence.id().unsafeArray()).isEqualTo(sha256(expected));
    assertThat(Evidence.decode(expected)).isEqualTo(evidence);
    assertThatNoException().isThrownBy(() -> evidence.verify(CHAIN, WITNESSES));
    assertThat(evidence.offence()).isEqualTo(new Offence(OFFENDER.publicKey(), 9));
  }

  @Test
  void aDoubleConfirmationIsTwoSignaturesOverConfirmationMessages() throws Exception {
    DoubleConfirmation evidence = doubleConfirmation();
    byte[] expected = doubleVoteBytes(2, 2);
    assertThat(evidence.encode()).isEqualTo(expected);
    assertThat(Evidence.decode(expected)).isEqualTo(evidence);
    assertThatNoException().isThrownBy(() -> evidence.verify(CHAIN, WITNESSES));
  }

  @Test
  void aDoublePrevoteIsKindThreeOverPrevoteMessages() {
    DoubleConfirmation evidence =
        DoubleConfirmation.of(
            VoteType.PREVOTE,
            CHAIN,
            9,
            ROUND,
            ROOT_B,
            prevote(OFFENDER, ROOT_B),
            ROOT_A,
            prevote(OFFENDER, ROOT_A));
    byte[] expected = doubleVoteBytes(3, 1);
    assertThat(evidence.encode()).isEqualTo(expected);
    assertThat(Evidence.decode(expected)).isEqualTo(evidence);
    assertThatNoException().isThrownBy(() -> evidence.verify(CHAIN, WITNESSES));
  }

  @Test
  void precommitsPassedOffAsPrevotesDoNotVerify() {
    DoubleConfirmation precommits = doubleConfirmation();
    DoubleConfirmation relabelled =
        new DoubleConfirmation(
            VoteType.PREVOTE,
            CHAIN,
            9,
            ROUND,
            OFFENDER.publicKey(),
            precommits.firstHash(),
            precommits.firstSignature(),
            precommits.secondHash(),
            precommits.secondSignature());
    failsWith("evidence.signature", () -> relabelled.verify(CHAIN, WITNESSES));
  }

  /** Kind, chain, height 9, round, key, then ROOT_A and ROOT_B each with its vote signature. */
  private static byte[] doubleVoteBytes(int kind, int voteType) {
    return ByteBuffer.allocate(238)
        .put((byte) kind)
        .put(CHAIN)
        .putLong(9)
        .putInt(ROUND)
        .put(OFFENDER.publicKey().bytes().unsafeArray())
        .put(ROOT_A.unsafeArray())
        .put(OFFENDER.sign(voteMessage(voteType, ROUND, ROOT_A)))
        .put(ROOT_B.unsafeArray())
        .put(OFFENDER.sign(voteMessage(voteType, ROUND, ROOT_B)))
        .array();
  }

  /** The 46 vote bytes of docs/ledger.md at height 9, built by hand. */
  private static byte[] voteMessage(int voteType, int round, Bytes hash) {
    return ByteBuffer.allocate(46)
        .put((byte) voteType)
        .put(CHAIN)
        .putLong(9)
        .putInt(round)
        .put(hash.unsafeArray())
        .array();
  }

  @Test
  void headersThatDoNotConflictAreNoEvidence() {
    BlockHeader a = header(9, 100, OFFENDER.publicKey(), ROOT_A);
    BlockHeader later = header(10, 100, OFFENDER.publicKey(), ROOT_B);
    failsWith(
        "evidence.height",
        () ->
            DoubleBlock.of(a, sign(OFFENDER, a), later, sign(OFFENDER, later))
                .verify(CHAIN, WITNESSES));
    BlockHeader byOther = header(9, 100, OTHER.publicKey(), ROOT_B);
    failsWith(
        "evidence.producer",
        () ->
            DoubleBlock.of(a, sign(OFFENDER, a), byOther, sign(OTHER, byOther))
                .verify(CHAIN, WITNESSES));
    failsWith("evidence.order", () -> DoubleBlock.of(a, sign(OFFENDER, a), a, sign(OFFENDER, a)));
  }

  @Test
  void evidenceAgainstNoWitnessOrOnAnotherChainOrBadlySignedIsRefused() {
    failsWith(
        "evidence.witness",
        () -> doubleBlock().verify(CHAIN, new WitnessSet(0, List.of(OTHER.publicKey()))));
    failsWith("evidence.chain", () -> doubleBlock().verify((byte) 'U', WITNESSES));
    failsWith("evidence.chain", () -> doubleConfirmation().verify((byte) 'U', WITNESSES));
    DoubleConfirmation good = doubleConfirmation();
    DoubleConfirmation forged =
        new DoubleConfirmation(
            VoteType.PRECOMMIT,
            CHAIN,
            9,
            ROUND,
            OFFENDER.publicKey(),
            good.firstHash(),
            good.firstSignature(),
            good.secondHash(),
            Bytes.wrap(OTHER.sign(voteMessage(2, ROUND, good.secondHash()))));
    failsWith("evidence.signature", () -> forged.verify(CHAIN, WITNESSES));
    BlockHeader a = header(9, 100, OFFENDER.publicKey(), ROOT_A);
    BlockHeader b = header(9, 100, OFFENDER.publicKey(), ROOT_B);
    DoubleBlock badBlock = DoubleBlock.of(a, sign(OFFENDER, a), b, sign(OTHER, b));
    failsWith("evidence.signature", () -> badBlock.verify(CHAIN, WITNESSES));
  }

  @Test
  void decodingIsStrict() {
    byte[] good = doubleConfirmation().encode();
    failsWith("codec.truncated", () -> Evidence.decode(Arrays.copyOf(good, good.length - 1)));
    failsWith("codec.trailing", () -> Evidence.decode(Arrays.copyOf(good, good.length + 1)));
    byte[] kind = good.clone();
    kind[0] = 4;
    failsWith("evidence.kind", () -> Evidence.decode(kind));
    failsWith("evidence.too_large", () -> Evidence.decode(new byte[DoubleBlock.LENGTH + 1]));
    // Swap the two (hash, signature) pairs: the same equivocation, but not in canonical order.
    byte[] swapped = good.clone();
    System.arraycopy(good, 46, swapped, 142, 96);
    System.arraycopy(good, 142, swapped, 46, 96);
    failsWith("evidence.order", () -> Evidence.decode(swapped));
    assertThatNoException().isThrownBy(() -> Evidence.decode(doubleBlock().encode()));
  }

  @Property(tries = 300)
  void aChangedByteIsRefusedOrDecodesToEvidenceWithExactlyThoseBytes(
      @ForAll @IntRange(min = 0, max = DoubleBlock.LENGTH - 1) int position,
      @ForAll @IntRange(min = 1, max = 255) int flip,
      @ForAll boolean confirmation) {
    Evidence original = confirmation ? doubleConfirmation() : doubleBlock();
    byte[] bytes = original.encode();
    byte[] changed = bytes.clone();
    changed[position % bytes.length] ^= (byte) flip;
    Evidence decoded;
    try {
      decoded = Evidence.decode(changed);
    } catch (SteleException refused) {
      assertThat(refused.code()).matches("(evidence|codec|block)\\..+");
      return;
    }
    assertThat(decoded.encode()).isEqualTo(changed);
    assertThatThrownBy(() -> decoded.verify(CHAIN, WITNESSES))
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .asString()
        .startsWith("evidence.");
  }

  @Property(tries = 300)
  void arbitraryBytesAreRefusedWithACodeOrDecodeCanonically(
      @ForAll @Size(max = DoubleBlock.LENGTH + 2) byte[] bytes, @ForAll boolean asKindTwo) {
    if (asKindTwo && bytes.length > 0) {
      bytes[0] = (byte) DoubleConfirmation.PRECOMMIT_KIND;
    }
    Evidence decoded;
    try {
      decoded = Evidence.decode(bytes);
    } catch (SteleException refused) {
      assertThat(refused.code()).matches("(evidence|codec|block)\\..+");
      return;
    }
    assertThat(decoded.encode()).isEqualTo(bytes);
  }
}
