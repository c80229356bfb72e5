package io.stele.ledger.receipt;

import io.stele.core.address.Address;
import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.random.SeededRng;
import io.stele.ledger.block.Block;
import io.stele.ledger.block.BlockHeader;
import io.stele.ledger.block.BlockTrees;
import io.stele.ledger.block.Confirmation;
import io.stele.ledger.block.FinalityCertificate;
import io.stele.ledger.block.GenesisBlock;
import io.stele.ledger.block.WitnessSet;
import io.stele.ledger.consensus.ConsensusParameters;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.node.FinalChain;
import io.stele.ledger.state.LedgerState;
import io.stele.ledger.tx.Transaction;
import io.stele.ledger.tx.TransactionBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A chain whose elections change the witnesses, built block by block as a producer would and
 * executed by a real {@link FinalChain} (the node's store, state and receipts). Four genesis
 * witnesses that are candidates, five seats, T = 4 blocks per term and an interim of I = 1: term 0
 * is heights 0..5, term k is 4k+2..4k+5, elected by the snapshot block 4k. Each block is finalized
 * by the first threshold witnesses of its set.
 */
final class ChangingWitnessChain implements AutoCloseable {
  static final byte CHAIN = 'T';
  static final long START = 1_700_000_000_000L;
  static final ConsensusParameters RULES = new ConsensusParameters(5, 4, 1, 200, 1_000, 6);

  final Genesis genesis;
  final List<KeyPair> witnesses;
  final List<KeyPair> users = new ArrayList<>();
  final FinalChain chain;

  private final Map<PublicKey, KeyPair> keys = new HashMap<>();
  private final Map<KeyPair, Long> nonces = new HashMap<>();
  private final LedgerState producer;
  private final Object lock = new Object();
  private Block head;
  private final List<Block> blocks = new ArrayList<>();
  private final List<FinalityCertificate> certificates = new ArrayList<>();

  ChangingWitnessChain(Path dir, int userCount) {
    SeededRng rng = new SeededRng(11);
    Genesis.Devnet devnet = Genesis.devnet(CHAIN, 4, START, rng);
    Map<Address, Long> balances = new TreeMap<>();
    for (int i = 0; i < userCount; i++) {
      KeyPair user = KeyPair.generate(rng);
      users.add(user);
      balances.put(Address.of(user.publicKey(), CHAIN), 1_000_000_000_000L);
    }
    Genesis g = devnet.genesis().withBalances(balances);
    genesis = g.withParameters(g.parameters().withConsensus(RULES));
    witnesses = devnet.witnessKeys();
    witnesses.forEach(k -> keys.put(k.publicKey(), k));
    users.forEach(k -> keys.put(k.publicKey(), k));
    producer = LedgerState.genesis(genesis);
    head = GenesisBlock.create(genesis);
    blocks.add(head);
    certificates.add(GenesisBlock.certificate(head));
    chain = FinalChain.open(dir, genesis, lock, receipts -> {});
  }

  long deposit() {
    return genesis.parameters().candidateDeposit();
  }

  Transaction registerCandidate(KeyPair user, long deposit) {
    return builder(user).registerCandidate(deposit, nextNonce(user), timestamp(height() + 1));
  }

  Transaction anchor(KeyPair user, Bytes hash) {
    return builder(user).anchor(List.of(hash), nextNonce(user), timestamp(height() + 1));
  }

  long height() {
    return head.height();
  }

  /** The set producing {@code height}, as the producer's state computes it. */
  WitnessSet witnessSet(long height) {
    return producer.witnessSet(height);
  }

  Block block(long height) {
    return blocks.get((int) height);
  }

  FinalityCertificate certificate(long height) {
    return certificates.get((int) height);
  }

  KeyPair key(PublicKey publicKey) {
    return keys.get(publicKey);
  }

  /**
   * Produces the next block from {@code txs} (all must apply), finalizes it with the first
   * threshold witnesses of its set, and has the node execute it.
   */
  Block produce(Transaction... txs) {
    long height = height() + 1;
    WitnessSet set = producer.witnessSet(height);
    KeyPair producerKey = keys.get(set.witnesses().get(0));
    for (Transaction tx : txs) {
      producer.apply(tx, Address.of(producerKey.publicKey(), CHAIN), timestamp(height));
    }
    Bytes next = producer.endBlock();
    List<Transaction> list = List.of(txs);
    BlockTrees trees = BlockTrees.of(list);
    BlockHeader header =
        new BlockHeader(
            CHAIN,
            height,
            head.hash(),
            timestamp(height),
            producerKey.publicKey(),
            trees.transactionsRoot(),
            trees.anchorRootSha256(),
            trees.anchorRootSha3(),
            trees.anchorCount(),
            producer.root(),
            set.hash(),
            next,
            list.size());
    Block block = Block.seal(header, producerKey, list);
    FinalityCertificate certificate =
        certify(header, set.witnesses().subList(0, set.threshold()).stream().map(keys::get));
    chain.execute(block, certificate);
    head = block;
    blocks.add(block);
    certificates.add(certificate);
    return block;
  }

  /** A certificate for {@code header} in round 0 signed by {@code signers}. */
  static FinalityCertificate certify(BlockHeader header, java.util.stream.Stream<KeyPair> signers) {
    Bytes hash = header.hash();
    return new FinalityCertificate(
        CHAIN,
        header.height(),
        0,
        hash,
        signers.map(k -> Confirmation.sign(k, CHAIN, header.height(), 0, hash)).toList());
  }

  private TransactionBuilder builder(KeyPair user) {
    return new TransactionBuilder(CHAIN, genesis.parameters(), user);
  }

  private long nextNonce(KeyPair user) {
    long nonce = nonces.getOrDefault(user, 0L);
    nonces.put(user, nonce + 1);
    return nonce;
  }

  private static long timestamp(long height) {
    return START + 1_000 * height;
  }

  @Override
  public void close() {
    chain.close();
  }
}
