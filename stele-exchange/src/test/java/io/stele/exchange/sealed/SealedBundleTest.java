package io.stele.exchange.sealed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.bytes.Bytes;
import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.core.random.SeededRng;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SealedBundleTest {
  private static final int CHAIN = 'T';
  private final SeededRng rng = new SeededRng(21);
  private final EpochKey.Deal deal = EpochKey.deal(CHAIN, 0, 2, 3, rng);
  private final KeyPair alice = KeyPair.generate(rng);
  private final KeyPair bob = KeyPair.generate(rng);
  private final OrderSealer aliceSealer = new OrderSealer(alice, deal.announcement(), rng, 0);
  private final OrderSealer bobSealer = new OrderSealer(bob, deal.announcement(), rng, 0);
  private final ManualClock clock = new ManualClock(1_000);
  private final Sequencer sequencer =
      new Sequencer(new SequencerConfig(CHAIN, 4, 50, 1), clock, deal.announcement());

  private static List<byte[]> payloads(int count) {
    List<byte[]> payloads = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      payloads.add(("order " + i).getBytes(StandardCharsets.UTF_8));
    }
    return payloads;
  }

  private static String code(Runnable action) {
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

  @Test
  void theBytesAreTheStatementItsSignatureAndTheUnsignedMembers() throws Exception {
    SealedBundle bundle = aliceSealer.sealBundle(payloads(3));
    byte[] bytes = bundle.bytes().toArray();

    // The statement, built here by hand from the members' bytes.
    ByteArrayOutputStream statement = new ByteArrayOutputStream();
    statement.write("stele.sealed.bundle".getBytes(StandardCharsets.US_ASCII));
    statement.write(new byte[] {1, (byte) CHAIN});
    statement.write(ByteBuffer.allocate(8).putLong(0).array());
    statement.write(deal.announcement().publicKey().toArray());
    statement.write(alice.publicKey().bytes().toArray());
    statement.write(new byte[] {0, 3});
    List<byte[]> members = new ArrayList<>();
    int at = statement.size() + 3 * 32 + 64;
    for (int i = 0; i < 3; i++) {
      int length = ByteBuffer.wrap(bytes, at, 4).getInt();
      byte[] member = Arrays.copyOfRange(bytes, at + 4, at + 4 + length);
      members.add(member);
      at += 4 + length;
      // A member is the envelope header with version 2, the ciphertext, and no signature.
      assertThat(member[0]).isEqualTo((byte) 2);
      assertThat(ByteBuffer.wrap(member, SealedEnvelope.HEADER_LENGTH, 4).getInt())
          .isEqualTo(member.length - SealedEnvelope.HEADER_LENGTH - 4);
      assertThat(ByteBuffer.wrap(member, 74, 8).getLong()).isEqualTo(i);
    }
    assertThat(at).isEqualTo(bytes.length);
    for (byte[] member : members) {
      statement.write(sha256(member));
    }
    byte[] expected = statement.toByteArray();
    assertThat(Arrays.copyOf(bytes, expected.length)).isEqualTo(expected);
    byte[] signature = Arrays.copyOfRange(bytes, expected.length, expected.length + 64);
    assertThat(alice.publicKey().verify(expected, signature)).isTrue();
    assertThat(SealedBundle.parse(bytes).signatureValid()).isTrue();
  }

  @Property(tries = 20)
  void parsingTheBytesGivesTheSameBundle(@ForAll @IntRange(min = 1, max = 12) int count) {
    SealedBundle bundle = aliceSealer.sealBundle(payloads(count));
    SealedBundle parsed = SealedBundle.parse(bundle.bytes().toArray());
    assertThat(parsed.bytes()).isEqualTo(bundle.bytes());
    assertThat(parsed.members()).isEqualTo(bundle.members());
    assertThat(parsed.statement().bytes()).isEqualTo(bundle.statement().bytes());
  }

  @Property(tries = 60)
  void anyChangedByteIsRefusedOrBreaksTheSignature(
      @ForAll @IntRange(min = 0, max = 100_000) int where,
      @ForAll @IntRange(min = 1, max = 255) int xor) {
    byte[] bytes = aliceSealer.sealBundle(payloads(3)).bytes().toArray();
    bytes[where % bytes.length] ^= (byte) xor;
    SealedBundle parsed;
    try {
      parsed = SealedBundle.parse(bytes);
    } catch (SteleException e) {
      assertThat(e.code()).isEqualTo("exchange.bundle_malformed");
      return;
    }
    assertThat(parsed.signatureValid()).isFalse();
  }

  private static Bytes signatureOf(SealedBundle bundle) {
    int length = bundle.statement().bytes().length();
    return Bytes.wrap(Arrays.copyOfRange(bundle.bytes().toArray(), length, length + 64));
  }

  @Test
  void aBundleIsAdmittedWholeAndConsecutivelyAndItsSignatureIsPublished() {
    SealedEnvelope single = bobSealer.seal(new byte[] {9});
    assertThat(sequencer.admit(single)).isEmpty();
    SealedBundle bundle = aliceSealer.sealBundle(payloads(5));
    SealedBatch batch = sequencer.admitBundle(bundle.bytes().toArray()).orElseThrow();
    // Not split although a batch is cut at 4: the envelope, then the five members in order.
    assertThat(batch.envelopes()).hasSize(6);
    assertThat(batch.envelopes().get(0)).isEqualTo(single);
    assertThat(batch.envelopes().subList(1, 6)).isEqualTo(bundle.members());
    assertThat(batch.bundles())
        .containsExactly(new BundleSignature(1, bundle.statement().bytes(), signatureOf(bundle)));
  }

  @Test
  void membersOpenWithTheEpochKeyLikeEnvelopes() {
    List<byte[]> payloads = payloads(4);
    SealedBatch batch = sequencer.admit(aliceSealer.sealBundle(payloads)).orElseThrow();
    BatchOpener opener =
        new BatchOpener(EpochKey.recover(deal.announcement(), deal.shares().subList(0, 2)));
    OpenedBatch opened = opener.open(batch);
    assertThat(opened.rejections()).isEmpty();
    assertThat(opened.orders())
        .extracting(o -> o.payload().toArray())
        .containsExactlyElementsOf(payloads);
    assertThat(opened.orders())
        .extracting(OpenedBatch.Order::counter)
        .containsExactly(0L, 1L, 2L, 3L);
  }

  @Test
  void aRefusedBundleAdmitsNothing() {
    SealedBundle first = aliceSealer.sealBundle(payloads(2));
    assertThat(sequencer.admit(first)).isEmpty();
    // Replayed whole: its first counter does not follow the last one admitted.
    assertThat(code(() -> sequencer.admit(first))).isEqualTo("sealed.replayed_counter");
    // A bundle with a forged signature: the statement and members are Alice's, the signature not.
    SealedBundle next = aliceSealer.sealBundle(payloads(2));
    byte[] forged = next.bytes().toArray();
    int signatureAt = next.statement().bytes().length();
    forged[signatureAt + 5] ^= 1;
    assertThat(code(() -> sequencer.admitBundle(forged)))
        .isEqualTo("exchange.bundle_bad_signature");
    // None of the refused members went in: the next two orders complete the batch of four.
    SealedBatch batch = sequencer.admit(next).orElseThrow();
    assertThat(batch.envelopes()).hasSize(4);
    assertThat(batch.envelopes().subList(0, 2)).isEqualTo(first.members());
    assertThat(batch.envelopes().subList(2, 4)).isEqualTo(next.members());
    assertThat(batch.bundles()).extracting(BundleSignature::position).containsExactly(0, 2);
  }

  @Test
  void aMemberIsNeverAdmittedAlone() {
    SealedEnvelope member = aliceSealer.sealBundle(payloads(1)).members().get(0);
    assertThat(member.bundleMember()).isTrue();
    assertThat(member.signatureValid()).isFalse();
    assertThat(code(() -> sequencer.admit(member.bytes().toArray())))
        .isEqualTo("exchange.bundle_member_alone");
  }

  @Test
  void aBundleOfAnotherEpochKeyOrChainIsRefused() {
    EpochKey.Deal other = EpochKey.deal(CHAIN, 0, 2, 3, rng);
    SealedBundle elsewhere =
        new OrderSealer(alice, other.announcement(), rng, 0).sealBundle(payloads(2));
    assertThat(code(() -> sequencer.admit(elsewhere))).isEqualTo("sealed.wrong_epoch_key");
    Sequencer otherChain =
        new Sequencer(
            new SequencerConfig('L', 4, 50, 1),
            clock,
            EpochKey.deal('L', 0, 2, 3, rng).announcement());
    assertThat(code(() -> otherChain.admit(aliceSealer.sealBundle(payloads(1)))))
        .isEqualTo("sealed.wrong_chain");
  }

  @Test
  void sizeAndCountAreBounded() {
    assertThat(code(() -> aliceSealer.sealBundle(payloads(257))))
        .isEqualTo("exchange.bundle_malformed");
    assertThat(code(() -> aliceSealer.sealBundle(List.of())))
        .isEqualTo("exchange.bundle_malformed");
    List<byte[]> large = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      large.add(new byte[4096]);
    }
    assertThat(code(() -> aliceSealer.sealBundle(large))).isEqualTo("exchange.bundle_too_large");
    assertThat(code(() -> SealedBundle.parse(new byte[SealedBundle.MAX_LENGTH + 1])))
        .isEqualTo("exchange.bundle_too_large");
    // A statement announcing 0 members.
    byte[] bytes = aliceSealer.sealBundle(payloads(1)).bytes().toArray();
    bytes[BundleStatement.FIXED_LENGTH - 1] = 0;
    assertThatThrownBy(() -> SealedBundle.parse(bytes))
        .isInstanceOf(SteleException.class)
        .hasMessageContaining("count: a bundle has 1 to 256 members, not 0");
  }

  @Test
  void membersOfAnotherClientCannotBeBundled() {
    // Alice signs a statement over Bob's member: parsing names the foreign member.
    SealedEnvelope bobs = bobSealer.sealBundle(payloads(1)).members().get(0);
    SealedEnvelope alices = aliceSealer.sealBundle(payloads(1)).members().get(0);
    BundleStatement honest = BundleStatement.of(List.of(alices));
    byte[] statement = honest.bytes().toArray();
    System.arraycopy(
        BundleStatement.memberHash(bobs).toArray(), 0, statement, BundleStatement.FIXED_LENGTH, 32);
    byte[] bytes =
        new io.stele.core.codec.ByteWriter()
            .fixed(statement)
            .fixed(alice.sign(statement))
            .bytes32(bobs.bytes().toArray())
            .toByteArray();
    assertThatThrownBy(() -> SealedBundle.parse(bytes))
        .isInstanceOf(SteleException.class)
        .hasMessage("member 0 is not for the bundle's chain, epoch, epoch key and client");
  }
}
