package io.stele.ledger.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.address.Address;
import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.ledger.block.BlockHeader;
import io.stele.ledger.consensus.DoubleBlock;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class TransactionCodecTest {
  private static final byte CHAIN = 'T';
  private final KeyPair key = KeyPair.fromSeed(new byte[32]);
  private final Address recipient = Address.of(KeyPair.fromSeed(seed(7)).publicKey(), CHAIN);

  private static byte[] seed(int b) {
    byte[] s = new byte[32];
    Arrays.fill(s, (byte) b);
    return s;
  }

  @Test
  void transferBytesFollowTheDocumentedLayoutAndIdIsSha256OfSignedBytes() throws Exception {
    Transaction tx =
        Transaction.sign(
            CHAIN, key, 5, 1_700_000_000_123L, 1_000, new Payload.Transfer(recipient, 42));
    ByteBuffer expected = ByteBuffer.allocate(3 + 32 + 24 + 26 + 8);
    expected.put((byte) 1).put((byte) 1).put(CHAIN);
    expected.put(key.publicKey().bytes().toArray());
    expected.putLong(5).putLong(1_700_000_000_123L).putLong(1_000);
    expected.put(recipient.bytes().toArray()).putLong(42);
    byte[] encoded = tx.encoded().toArray();
    byte[] signed = Arrays.copyOf(encoded, encoded.length - 64);
    assertThat(signed).isEqualTo(expected.array());
    assertThat(tx.id().toArray())
        .isEqualTo(MessageDigest.getInstance("SHA-256").digest(expected.array()));
    assertThat(
            key.publicKey()
                .verify(signed, Arrays.copyOfRange(encoded, signed.length, encoded.length)))
        .isTrue();
  }

  private DoubleBlock evidence() {
    Bytes zero = Bytes.wrap(new byte[32]);
    BlockHeader a =
        new BlockHeader(CHAIN, 3, zero, 1, key.publicKey(), zero, zero, zero, 0, zero, zero, 0);
    BlockHeader b =
        new BlockHeader(CHAIN, 3, zero, 2, key.publicKey(), zero, zero, zero, 0, zero, zero, 0);
    return DoubleBlock.of(a, Bytes.wrap(key.sign(a.encode())), b, Bytes.wrap(key.sign(b.encode())));
  }

  /** Signed bytes of an evidence report: the common fields, then u16 length and the evidence. */
  private static byte[] evidenceTransaction(KeyPair sender, byte[] evidence) {
    ByteBuffer b = ByteBuffer.allocate(3 + 32 + 24 + 2 + evidence.length);
    b.put((byte) 1).put((byte) 5).put(CHAIN).put(sender.publicKey().bytes().toArray());
    b.putLong(0).putLong(1234).putLong(99).putShort((short) evidence.length).put(evidence);
    byte[] signed = b.array();
    byte[] all = Arrays.copyOf(signed, signed.length + 64);
    System.arraycopy(sender.sign(signed), 0, all, signed.length, 64);
    return all;
  }

  @Test
  void evidenceReportCarriesTheEvidenceEncodingAfterItsLength() {
    DoubleBlock e = evidence();
    byte[] expected = evidenceTransaction(key, e.encode());
    Transaction tx = Transaction.sign(CHAIN, key, 0, 1234, 99, new Payload.EvidenceReport(e));
    assertThat(tx.encoded().toArray()).isEqualTo(expected);
    assertThat(tx.type()).isEqualTo(TransactionType.EVIDENCE);
    assertThat(Transaction.decode(expected).payload()).isEqualTo(new Payload.EvidenceReport(e));
  }

  @Test
  void malformedEvidenceIsRefusedWithItsCode() {
    byte[] unknownKind = evidence().encode();
    unknownKind[0] = 9;
    refused(evidenceTransaction(key, unknownKind), "evidence.kind");
    byte[] tooLong = Arrays.copyOf(evidence().encode(), DoubleBlock.LENGTH + 1);
    refused(evidenceTransaction(key, tooLong), "codec.too_long");
    byte[] truncated = Arrays.copyOf(evidence().encode(), DoubleBlock.LENGTH - 1);
    refused(evidenceTransaction(key, truncated), "codec.truncated");
  }

  private static void refused(byte[] bytes, String code) {
    assertThatThrownBy(() -> Transaction.decode(bytes))
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo(code);
  }

  @Property(tries = 200)
  void decodeOfEncodeGivesTheSameTransaction(
      @ForAll("payloads") Payload payload, @ForAll long nonceSeed) {
    long nonce = nonceSeed & Long.MAX_VALUE;
    Transaction tx = Transaction.sign(CHAIN, key, nonce, 1234, 99, payload);
    Transaction back = Transaction.decode(tx.encoded().toArray());
    assertThat(back.payload()).isEqualTo(payload);
    assertThat(back.nonce()).isEqualTo(nonce);
    assertThat(back.sender()).isEqualTo(key.publicKey());
    assertThat(back.id()).isEqualTo(tx.id());
    assertThat(back.encoded()).isEqualTo(tx.encoded());
    assertThat(back.hasValidSignature()).isTrue();
  }

  @Provide
  Arbitrary<Payload> payloads() {
    Arbitrary<Long> amounts = Arbitraries.longs().between(1, Long.MAX_VALUE);
    Arbitrary<Payload> transfer = amounts.map(a -> new Payload.Transfer(recipient, a));
    Arbitrary<Payload> anchor =
        Arbitraries.bytes()
            .array(byte[].class)
            .ofMinSize(1)
            .ofMaxSize(64)
            .map(Bytes::wrap)
            .set()
            .ofMinSize(1)
            .ofMaxSize(100)
            .map(set -> new Payload.Anchor(new ArrayList<>(set)));
    Arbitrary<Payload> register = amounts.map(Payload.RegisterCandidate::new);
    Arbitrary<Payload> vote =
        Combinators.combine(Arbitraries.bytes().array(byte[].class).ofSize(32), amounts)
            .as((k, a) -> new Payload.Vote(new PublicKey(Bytes.wrap(k)), a));
    return Arbitraries.oneOf(transfer, anchor, register, vote);
  }

  private byte[] valid() {
    return Transaction.sign(CHAIN, key, 0, 1, 1, new Payload.Transfer(recipient, 1))
        .encoded()
        .toArray();
  }

  private static void rejects(byte[] bytes, String code) {
    assertThatThrownBy(() -> Transaction.decode(bytes))
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo(code);
  }

  @Test
  void unknownVersionIsRejected() {
    byte[] b = valid();
    b[0] = 2;
    rejects(b, "tx.version");
  }

  @Test
  void unknownTypeIsRejected() {
    byte[] b = valid();
    b[1] = 9;
    rejects(b, "tx.type");
  }

  @Test
  void trailingBytesAreRejected() {
    byte[] b = valid();
    rejects(Arrays.copyOf(b, b.length + 1), "codec.trailing");
  }

  @Test
  void truncatedTransactionIsRejected() {
    byte[] b = valid();
    rejects(Arrays.copyOf(b, b.length - 1), "codec.truncated");
  }

  @Test
  void negativeNonceIsRejected() {
    byte[] b = valid();
    b[35] = (byte) 0x80;
    rejects(b, "codec.range");
  }

  @Test
  void zeroAmountIsRejected() {
    byte[] b = valid();
    int amountAt = b.length - 64 - 8;
    Arrays.fill(b, amountAt, amountAt + 8, (byte) 0);
    rejects(b, "tx.amount");
  }

  @Test
  void oversizedTransactionIsRejectedBeforeParsing() {
    rejects(new byte[Transaction.MAX_BYTES + 1], "tx.too_large");
  }

  private static byte[] anchorBytes(int count, int hashLength, boolean duplicate) {
    ByteBuffer b = ByteBuffer.allocate(Transaction.MAX_BYTES);
    b.put((byte) 1).put((byte) 2).put(CHAIN).put(new byte[32]).putLong(0).putLong(0).putLong(0);
    b.putShort((short) count);
    for (int i = 0; i < count; i++) {
      b.putShort((short) hashLength);
      byte[] h = new byte[hashLength];
      if (hashLength > 0) {
        h[0] = duplicate ? 0 : (byte) i;
      }
      b.put(h);
    }
    b.put(new byte[64]);
    return Arrays.copyOf(b.array(), b.position());
  }

  @Test
  void anchorRulesAreEnforcedWhenDecoding() {
    assertThat(Transaction.decode(anchorBytes(100, 64, false)).payload())
        .isInstanceOf(Payload.Anchor.class);
    rejects(anchorBytes(0, 32, false), "tx.anchor_count");
    rejects(anchorBytes(101, 8, false), "tx.anchor_count");
    rejects(anchorBytes(1, 65, false), "codec.too_long");
    rejects(anchorBytes(1, 0, false), "tx.anchor_length");
    rejects(anchorBytes(2, 8, true), "tx.anchor_duplicate");
  }

  @Test
  void signingRefusesPayloadsTheDecoderWouldRefuse() {
    List<Bytes> twice = List.of(Bytes.wrap(new byte[] {1}), Bytes.wrap(new byte[] {1}));
    assertThatThrownBy(() -> Transaction.sign(CHAIN, key, 0, 0, 0, new Payload.Anchor(twice)))
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("tx.anchor_duplicate");
  }

  @Test
  void changedByteInvalidatesTheSignature() {
    byte[] b = valid();
    b[b.length - 70] ^= 1;
    assertThat(Transaction.decode(b).hasValidSignature()).isFalse();
  }
}
