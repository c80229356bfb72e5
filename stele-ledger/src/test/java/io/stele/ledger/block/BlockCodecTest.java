package io.stele.ledger.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.bytes.Bytes;
import io.stele.core.clock.ManualClock;
import io.stele.core.error.SteleException;
import io.stele.ledger.TestChains;
import io.stele.ledger.node.SoloNode;
import io.stele.ledger.store.ChainStore;
import io.stele.ledger.tx.Transaction;
import io.stele.ledger.tx.TransactionBuilder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Block and transaction decoders: round trips, strictness, and "decode or SteleException". */
class BlockCodecTest {
  @TempDir static Path dir;
  private static byte[] blockBytes;
  private static byte[] txBytes;

  @BeforeAll
  static void produceABlock() {
    TestChains chain = TestChains.create(2);
    ManualClock clock = new ManualClock(TestChains.START + 1_000);
    try (SoloNode node = SoloNode.open(dir, chain.genesis(), chain.witness(), clock)) {
      Transaction tx =
          new TransactionBuilder(
                  TestChains.CHAIN, chain.genesis().parameters(), chain.users().get(0))
              .transfer(chain.address(1), 10, 0, clock.millis());
      txBytes = tx.encoded().toArray();
      node.submit(txBytes);
      node.anchor(List.of(Bytes.wrap(new byte[] {1}), Bytes.wrap(new byte[] {2})));
      node.produceBlock();
    }
    try (ChainStore store = ChainStore.open(dir)) {
      blockBytes = store.block(1).orElseThrow().encode();
    }
  }

  @Test
  void blockRoundTripsByteForByte() {
    Block block = Block.decode(blockBytes);
    assertThat(block.encode()).isEqualTo(blockBytes);
    assertThat(block.transactions()).hasSize(2);
    assertThat(block.header().anchorCount()).isEqualTo(2);
    assertThat(block.hasValidProducerSignature()).isTrue();
    assertThat(BlockHeader.decode(block.header().encode())).isEqualTo(block.header());
  }

  @Test
  void headerVersionTwoCarriesTheNextWitnessSetHashBeforeTheCount() {
    BlockHeader h = Block.decode(blockBytes).header();
    byte[] next = new byte[32];
    Arrays.fill(next, (byte) 7);
    BlockHeader snapshot =
        new BlockHeader(
            h.chainId(),
            h.height(),
            h.parentHash(),
            h.timestamp(),
            h.producer(),
            h.transactionsRoot(),
            h.anchorRootSha256(),
            h.anchorRootSha3(),
            h.anchorCount(),
            h.stateRoot(),
            h.witnessSetHash(),
            Bytes.wrap(next),
            h.transactionCount());
    byte[] encoded = snapshot.encode();
    // version, chain, height, parent, time, producer, 3 roots, count, state, set, next set, count
    assertThat(encoded).hasSize(1 + 1 + 8 + 32 + 8 + 32 + 3 * 32 + 4 + 32 + 32 + 32 + 4);
    assertThat(encoded[0]).isEqualTo((byte) 2);
    assertThat(Arrays.copyOfRange(encoded, 246, 278)).isEqualTo(next);
    assertThat(BlockHeader.decode(encoded)).isEqualTo(snapshot);
    assertThat(h.nextWitnessSetHash()).isEqualTo(BlockHeader.NO_NEXT_WITNESS_SET);
    encoded[0] = 1;
    assertThatThrownBy(() -> BlockHeader.decode(encoded))
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("block.version");
  }

  @Test
  void changedTransactionByteBreaksTheTransactionsRoot() {
    byte[] b = blockBytes.clone();
    b[BlockHeader.LENGTH + 64 + 4 + 60] ^= 1;
    assertThatThrownBy(() -> Block.decode(b))
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isIn("block.transactions_root", "codec.range", "address.checksum");
  }

  @Test
  void changedHeaderByteBreaksTheProducerSignatureOrRoots() {
    for (int i = 2; i < BlockHeader.LENGTH; i++) {
      byte[] b = blockBytes.clone();
      b[i] ^= 1;
      try {
        assertThat(Block.decode(b).hasValidProducerSignature()).as("byte " + i).isFalse();
      } catch (SteleException expected) {
        assertThat(expected.code()).isNotBlank();
      }
    }
  }

  @Property(tries = 300)
  void headerRoundTripsAndItsHashCoversEveryField(
      @ForAll @Size(value = BlockHeader.LENGTH) byte[] random) {
    random[0] = BlockHeader.VERSION;
    random[2] &= 0x7F; // height is not negative
    random[BlockHeader.LENGTH - 4] &= 0x7F; // transaction count fits an int
    BlockHeader header = BlockHeader.decode(random);
    assertThat(header.encode()).isEqualTo(random);
    byte[] changed = random.clone();
    changed[random.length - 1] ^= 1;
    assertThat(BlockHeader.decode(changed).hash()).isNotEqualTo(header.hash());
  }

  @Test
  void trailingByteIsRefused() {
    assertThatThrownBy(() -> Block.decode(Arrays.copyOf(blockBytes, blockBytes.length + 1)))
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("codec.trailing");
  }

  @Property(tries = 1000)
  void randomBytesDecodeOrFailWithACode(@ForAll @Size(max = 600) byte[] data) {
    DecoderTargets.decodeAll(data);
  }

  @Property(tries = 1000)
  void mutatedValidEncodingsDecodeOrFailWithACode(
      @ForAll @IntRange(min = 0, max = 10_000) int position,
      @ForAll byte value,
      @ForAll boolean truncate) {
    for (byte[] valid : List.of(blockBytes, txBytes)) {
      byte[] b = valid.clone();
      int at = position % b.length;
      b[at] = value;
      DecoderTargets.decodeAll(truncate ? Arrays.copyOf(b, at) : b);
    }
  }
}
