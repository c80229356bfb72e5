package io.stele.ledger.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.bytes.Bytes;
import io.stele.core.clock.ManualClock;
import io.stele.core.codec.ByteWriter;
import io.stele.core.error.SteleException;
import io.stele.ledger.TestChains;
import io.stele.ledger.block.Block;
import io.stele.ledger.block.BlockHeader;
import io.stele.ledger.block.BlockTrees;
import io.stele.ledger.block.Confirmation;
import io.stele.ledger.block.FinalityCertificate;
import io.stele.ledger.block.GenesisBlock;
import io.stele.ledger.block.WitnessSet;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.node.FinalChain;
import io.stele.ledger.node.SoloNode;
import io.stele.ledger.state.LedgerState;
import io.stele.ledger.sync.SyncMessages.Blocks;
import io.stele.ledger.sync.SyncMessages.CertifiedHeader;
import io.stele.ledger.sync.SyncMessages.FinalBlock;
import io.stele.ledger.sync.SyncMessages.Headers;
import io.stele.ledger.sync.SyncMessages.Range;
import io.stele.ledger.sync.SyncMessages.Status;
import io.stele.ledger.tx.TransactionBuilder;
import io.stele.net.Message;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncMessagesTest {
  @TempDir Path dir;

  @Property
  void statusRoundTrips(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long height,
      @ForAll @Size(32) byte[] hash) {
    Message m = new Status(height, Bytes.of(hash)).message();
    assertThat(m.type()).isEqualTo(MessageTypes.STATUS);
    assertThat(m.body().length()).isEqualTo(40);
    assertThat(Status.decode(m.body())).isEqualTo(new Status(height, Bytes.of(hash)));
  }

  @Property
  void rangeRoundTripsWithinItsBound(
      @ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long from,
      @ForAll @IntRange(min = 1, max = SyncMessages.MAX_HEADERS) int count) {
    Message m = new Range(from, count).message(MessageTypes.HEADERS_REQUEST);
    assertThat(m.body().toArray()).isEqualTo(new ByteWriter(10).i64(from).u16(count).toByteArray());
    assertThat(Range.decode(m.body(), SyncMessages.MAX_HEADERS)).isEqualTo(new Range(from, count));
  }

  @Test
  void rangesOutOfBoundsAreRefused() {
    assertThat(code(() -> Range.decode(range(0, 1), 8))).isEqualTo("sync.range");
    assertThat(code(() -> Range.decode(range(1, 0), 8))).isEqualTo("sync.range");
    assertThat(code(() -> Range.decode(range(1, 9), 8))).isEqualTo("sync.range");
    byte[] trailing = Arrays.copyOf(range(1, 1).toArray(), 11);
    assertThat(code(() -> Range.decode(Bytes.wrap(trailing), 8))).isEqualTo("codec.trailing");
    assertThat(code(() -> Range.decode(Bytes.wrap(new byte[9]), 8))).isEqualTo("codec.truncated");
  }

  @Test
  void headersBlocksAndAnnouncementsRoundTripAndRefuseTrailingBytes() {
    TestChains chain = TestChains.create(2);
    ManualClock clock = new ManualClock(TestChains.START + 1);
    try (SoloNode node = SoloNode.open(dir, chain.genesis(), chain.witness(), clock)) {
      node.submit(
          new TransactionBuilder(
                  TestChains.CHAIN, chain.genesis().parameters(), chain.users().get(0))
              .transfer(chain.address(1), 10, 0, clock.millis())
              .encoded()
              .toArray());
      node.produceBlock();
      node.produceBlock();
      FinalChain.Certified one = node.chain().certified(1).orElseThrow();
      FinalChain.Certified two = node.chain().certified(2).orElseThrow();
      List<CertifiedHeader> headers =
          List.of(
              CertifiedHeader.of(one.block(), one.certificate()),
              CertifiedHeader.of(two.block(), two.certificate()));

      Headers decodedHeaders = Headers.decode(new Headers(1, headers).message().body());
      assertThat(decodedHeaders.from()).isEqualTo(1);
      assertThat(decodedHeaders.headers()).hasSize(2);
      for (int i = 0; i < 2; i++) {
        CertifiedHeader h = decodedHeaders.headers().get(i);
        assertThat(h.header()).isEqualTo(headers.get(i).header());
        assertThat(h.producerSignature()).isEqualTo(headers.get(i).producerSignature());
        assertThat(h.certificate().encode()).isEqualTo(headers.get(i).certificate().encode());
      }

      Blocks blocks =
          Blocks.decode(new Blocks(1, List.of(one.block(), two.block())).message().body());
      assertThat(blocks.blocks().stream().map(Block::hash))
          .containsExactly(one.block().hash(), two.block().hash());
      assertThat(blocks.blocks().get(0).transactions()).hasSize(1);

      Message announced = new FinalBlock(one.block(), one.certificate()).message();
      FinalBlock back = FinalBlock.decode(announced.body());
      assertThat(back.block().encode()).isEqualTo(one.block().encode());
      assertThat(back.certificate().encode()).isEqualTo(one.certificate().encode());

      byte[] longer = Arrays.copyOf(announced.body().toArray(), announced.body().length() + 1);
      assertThat(code(() -> FinalBlock.decode(Bytes.wrap(longer)))).isEqualTo("codec.trailing");
    }
  }

  @Test
  void countsOverTheBoundAreRefusedBeforeReadingFurther() {
    byte[] headers = new ByteWriter().i64(1).u16(SyncMessages.MAX_HEADERS + 1).toByteArray();
    assertThat(code(() -> Headers.decode(Bytes.wrap(headers)))).isEqualTo("sync.too_many");
    byte[] blocks = new ByteWriter().i64(1).u16(SyncMessages.MAX_BLOCKS + 1).toByteArray();
    assertThat(code(() -> Blocks.decode(Bytes.wrap(blocks)))).isEqualTo("sync.too_many");
  }

  private static Bytes range(long from, int count) {
    return Bytes.wrap(new ByteWriter(10).i64(from).u16(count).toByteArray());
  }

  private static String code(Runnable decode) {
    try {
      decode.run();
    } catch (SteleException e) {
      return e.code();
    }
    throw new AssertionError("decoded without complaint");
  }

  @Property(tries = 300)
  void anyBytesDecodeOrAreRefusedWithACode(@ForAll @Size(max = 600) byte[] body) {
    decodeEverything(Bytes.wrap(body));
  }

  @Property(tries = 200)
  void aValidMessageWithOneByteChangedDecodesOrIsRefusedWithACode(
      @ForAll @IntRange(min = 0, max = 100_000) int position, @ForAll byte xor) {
    byte[] body = validHeaders().clone();
    body[position % body.length] ^= xor == 0 ? 1 : xor;
    decodeEverything(Bytes.wrap(body));
  }

  /** Every sync decoder on {@code body}: a value or a SteleException, never anything else. */
  static void decodeEverything(Bytes body) {
    List<Runnable> decoders =
        List.of(
            () -> Status.decode(body),
            () -> Range.decode(body, SyncMessages.MAX_HEADERS),
            () -> Headers.decode(body),
            () -> Blocks.decode(body),
            () -> FinalBlock.decode(body),
            () -> TransactionBatch.decode(body));
    for (Runnable decoder : decoders) {
      try {
        decoder.run();
      } catch (SteleException refused) {
        assertThat(refused.code()).matches("[a-z0-9_]+\\.[a-z0-9_]+");
      }
    }
  }

  private static byte[] validHeadersBody;

  /** A HEADERS body of two real certified headers (built once). */
  private static synchronized byte[] validHeaders() {
    if (validHeadersBody == null) {
      TestChains chain = TestChains.create(1);
      Genesis genesis = chain.genesis();
      LedgerState state = LedgerState.genesis(genesis);
      Block parent = GenesisBlock.create(genesis);
      List<CertifiedHeader> headers = new java.util.ArrayList<>();
      for (int h = 1; h <= 2; h++) {
        BlockTrees trees = BlockTrees.of(List.of());
        BlockHeader header =
            new BlockHeader(
                TestChains.CHAIN,
                h,
                parent.hash(),
                TestChains.START + h,
                chain.witness().publicKey(),
                trees.transactionsRoot(),
                trees.anchorRootSha256(),
                trees.anchorRootSha3(),
                0,
                state.root(),
                new WitnessSet(0, genesis.witnesses()).hash(),
                0);
        Block block = Block.seal(header, chain.witness(), List.of());
        FinalityCertificate certificate =
            new FinalityCertificate(
                TestChains.CHAIN,
                h,
                0,
                block.hash(),
                List.of(Confirmation.sign(chain.witness(), TestChains.CHAIN, h, 0, block.hash())));
        headers.add(CertifiedHeader.of(block, certificate));
        parent = block;
      }
      validHeadersBody = new Headers(1, headers).message().body().toArray();
    }
    return validHeadersBody;
  }
}
