package io.stele.ledger.sync;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.bytes.Bytes;
import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.core.random.SeededRng;
import io.stele.ledger.TestChains;
import io.stele.ledger.block.Block;
import io.stele.ledger.block.BlockHeader;
import io.stele.ledger.block.Confirmation;
import io.stele.ledger.block.FinalityCertificate;
import io.stele.ledger.block.WitnessSet;
import io.stele.ledger.node.FinalChain;
import io.stele.ledger.node.SoloNode;
import io.stele.ledger.sync.SyncMessages.CertifiedHeader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each rule a synced header must pass, shown by a header that breaks exactly that rule. */
class HeaderCheckTest {
  @TempDir Path dir;

  private final TestChains chain = TestChains.create(1);
  private final WitnessSet witnesses = new WitnessSet(0, chain.genesis().witnesses());
  private final HeaderCheck check = new HeaderCheck(TestChains.CHAIN, height -> witnesses);
  private final KeyPair stranger = KeyPair.generate(new SeededRng(7));
  private SoloNode node;
  private Block parent;
  private CertifiedHeader good;

  @BeforeEach
  void produce() {
    node =
        SoloNode.open(dir, chain.genesis(), chain.witness(), new ManualClock(TestChains.START + 1));
    parent = node.produceBlock();
    node.produceBlock();
    FinalChain.Certified second = node.chain().certified(2).orElseThrow();
    good = CertifiedHeader.of(second.block(), second.certificate());
  }

  @AfterEach
  void close() {
    node.close();
  }

  private void refused(CertifiedHeader header, String code) {
    assertThatThrownBy(() -> check.verify(header, 1, parent.hash()))
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo(code);
  }

  /** {@code header} re-signed by {@code producer}, certified by {@code producer} alone. */
  private static CertifiedHeader signed(BlockHeader header, KeyPair producer) {
    Block block = Block.seal(header, producer, List.of());
    Confirmation confirmation =
        Confirmation.sign(producer, header.chainId(), header.height(), 0, block.hash());
    return new CertifiedHeader(
        header,
        block.producerSignature(),
        new FinalityCertificate(
            header.chainId(), header.height(), 0, block.hash(), List.of(confirmation)));
  }

  private BlockHeader with(byte chainId, Bytes witnessSetHash, KeyPair producer) {
    BlockHeader h = good.header();
    return new BlockHeader(
        chainId,
        h.height(),
        h.parentHash(),
        h.timestamp(),
        producer.publicKey(),
        h.transactionsRoot(),
        h.anchorRootSha256(),
        h.anchorRootSha3(),
        h.anchorCount(),
        h.stateRoot(),
        witnessSetHash,
        h.transactionCount());
  }

  @Test
  void theNextCertifiedHeaderPasses() {
    assertThatCode(() -> check.verify(good, 1, parent.hash())).doesNotThrowAnyException();
  }

  @Test
  void aHeaderForAnotherChainIsRefused() {
    refused(
        signed(with((byte) 'X', witnesses.hash(), chain.witness()), chain.witness()), "sync.chain");
  }

  @Test
  void aHeaderThatDoesNotFollowTheParentIsRefused() {
    assertThatThrownBy(() -> check.verify(good, 0, parent.hash()))
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("sync.linkage");
    assertThatThrownBy(() -> check.verify(good, 1, good.hash()))
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("sync.linkage");
  }

  @Test
  void aHeaderCommittingToAnotherWitnessSetIsRefused() {
    Bytes other = new WitnessSet(0, List.of(stranger.publicKey())).hash();
    refused(signed(with(TestChains.CHAIN, other, stranger), stranger), "sync.witness_set");
  }

  @Test
  void aHeaderProducedByNoWitnessIsRefused() {
    refused(signed(with(TestChains.CHAIN, witnesses.hash(), stranger), stranger), "sync.producer");
  }

  @Test
  void aBadProducerSignatureIsRefused() {
    byte[] signature = good.producerSignature().toArray();
    signature[5] ^= 1;
    refused(
        new CertifiedHeader(good.header(), Bytes.wrap(signature), good.certificate()),
        "sync.signature");
  }

  @Test
  void aCertificateBelowTheThresholdOrWithABadConfirmationIsRefused() {
    FinalityCertificate c = good.certificate();
    refused(
        new CertifiedHeader(
            good.header(),
            good.producerSignature(),
            new FinalityCertificate(c.chainId(), c.height(), c.round(), c.headerHash(), List.of())),
        "certificate.threshold");
    byte[] bad = c.confirmations().get(0).signature().toArray();
    bad[0] ^= 1;
    refused(
        new CertifiedHeader(
            good.header(),
            good.producerSignature(),
            new FinalityCertificate(
                c.chainId(),
                c.height(),
                c.round(),
                c.headerHash(),
                List.of(new Confirmation(chain.witness().publicKey(), Bytes.wrap(bad))))),
        "certificate.signature");
  }

  @Test
  void aCertificateOfAnotherHeaderIsRefused() {
    FinalityCertificate first = node.chain().certified(1).orElseThrow().certificate();
    refused(
        new CertifiedHeader(
            good.header(),
            good.producerSignature(),
            new FinalityCertificate(
                first.chainId(), 2, first.round(), first.headerHash(), first.confirmations())),
        "certificate.header");
  }
}
