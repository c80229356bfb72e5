package io.stele.ledger.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.bytes.Bytes;
import io.stele.core.codec.ByteWriter;
import io.stele.core.error.SteleException;
import io.stele.ledger.tx.Transaction;
import io.stele.net.Message;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class TransactionBatchTest {

  @Test
  void layoutIsFlagsCountThenLengthPrefixedTransactions() {
    Message message =
        new TransactionBatch(
                true, List.of(Bytes.of(new byte[] {1, 2, 3}), Bytes.of(new byte[] {(byte) 0xFF})))
            .message();

    assertThat(message.type()).isEqualTo(0x03);
    assertThat(message.body().toHex()).isEqualTo("01" + "0002" + "00000003010203" + "00000001ff");
  }

  @Property
  void roundTrips(
      @ForAll boolean witnessesHaveIt,
      @ForAll @Size(min = 1, max = 40) List<@Size(min = 1, max = 300) byte[]> transactions) {
    List<Bytes> txs = transactions.stream().map(Bytes::of).toList();
    TransactionBatch batch = new TransactionBatch(witnessesHaveIt, txs);

    TransactionBatch decoded = TransactionBatch.decode(batch.message().body());

    assertThat(decoded.witnessesHaveIt()).isEqualTo(witnessesHaveIt);
    assertThat(decoded.transactions()).isEqualTo(txs);
  }

  @Property(tries = 300)
  void anyBytesDecodeOrAreRefusedWithACode(@ForAll @Size(max = 200) byte[] body) {
    try {
      TransactionBatch.decode(Bytes.wrap(body));
    } catch (SteleException refused) {
      assertThat(refused.code()).matches("(sync|codec)\\.[a-z_]+");
    }
  }

  @Test
  void refusesUnknownFlagsEmptyBatchesAndEmptyTransactions() {
    assertThatThrownBy(() -> TransactionBatch.decode(hex("02" + "0001" + "00000001aa")))
        .isInstanceOf(SteleException.class)
        .hasMessageContaining("flags");
    assertThatThrownBy(() -> TransactionBatch.decode(hex("00" + "0000")))
        .isInstanceOf(SteleException.class)
        .hasMessageContaining("0 transactions");
    assertThatThrownBy(() -> TransactionBatch.decode(hex("00" + "0001" + "00000000")))
        .isInstanceOf(SteleException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void refusesTrailingAndMissingBytes() {
    assertThatThrownBy(() -> TransactionBatch.decode(hex("00" + "0001" + "00000001aa" + "00")))
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("codec.trailing");
    assertThatThrownBy(() -> TransactionBatch.decode(hex("00" + "0002" + "00000001aa")))
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("codec.truncated");
  }

  @Test
  void refusesMoreTransactionsThanTheBoundBeforeReadingThem() {
    // the count says 1,025; nothing follows, so only the count check can refuse it first
    assertThatThrownBy(() -> TransactionBatch.decode(hex("00" + "0401")))
        .isInstanceOf(SteleException.class)
        .hasMessageContaining("1025 transactions");
    assertThatThrownBy(() -> new TransactionBatch(false, oneByteTransactions(1_025)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new TransactionBatch(false, oneByteTransactions(1_024)).transactions())
        .hasSize(1_024);
  }

  @Test
  void refusesATransactionOverTheTransactionLimit() {
    byte[] body =
        new ByteWriter().u8(0).u16(1).bytes32(new byte[Transaction.MAX_BYTES + 1]).toByteArray();
    assertThatThrownBy(() -> TransactionBatch.decode(Bytes.wrap(body)))
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("codec.too_long");
  }

  @Test
  void refusesABodyOverTheByteBound() {
    byte[] body = new byte[TransactionBatch.MAX_BYTES + 1];
    assertThatThrownBy(() -> TransactionBatch.decode(Bytes.wrap(body)))
        .isInstanceOf(SteleException.class)
        .hasMessageContaining("over " + (1 << 20));
    List<Bytes> big = new ArrayList<>();
    for (int i = 0; i < 70; i++) {
      big.add(Bytes.wrap(new byte[Transaction.MAX_BYTES])); // 70 × 16 KiB > 1 MiB
    }
    assertThatThrownBy(() -> new TransactionBatch(false, big))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static List<Bytes> oneByteTransactions(int count) {
    List<Bytes> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(Bytes.of(new byte[] {(byte) i}));
    }
    return out;
  }

  private static Bytes hex(String hex) {
    return Bytes.wrap(HexFormat.of().parseHex(hex));
  }
}
