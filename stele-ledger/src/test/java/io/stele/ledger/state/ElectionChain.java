package io.stele.ledger.state;

import io.stele.core.address.Address;
import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.HashFunction;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.ledger.TestChains;
import io.stele.ledger.block.Block;
import io.stele.ledger.block.BlockHeader;
import io.stele.ledger.block.BlockTrees;
import io.stele.ledger.consensus.ConsensusParameters;
import io.stele.ledger.consensus.DoubleBlock;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.tx.Transaction;
import io.stele.ledger.tx.TransactionBuilder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A chain with short terms for election tests: N = 2 seats, T = 4 blocks per term, an interim of I
 * = 1, bans of 6 blocks. Genesis witnesses: the devnet witness and users 0 and 1. Every user has
 * enough for several candidate deposits.
 */
final class ElectionChain {
  static final ConsensusParameters RULES = new ConsensusParameters(2, 4, 1, 200, 1_000, 6);
  static final byte CHAIN = TestChains.CHAIN;
  static final long NOW = TestChains.START + 1_000;
  static final long RICH = 1_000_000_000_000L;

  final TestChains base = TestChains.create(8);
  final Genesis genesis;
  final long deposit;

  ElectionChain() {
    Genesis g = base.genesis();
    Map<Address, Long> more = new TreeMap<>();
    for (int i = 0; i < base.users().size(); i++) {
      more.put(base.address(i), RICH);
    }
    List<PublicKey> witnesses =
        List.of(witness().publicKey(), user(0).publicKey(), user(1).publicKey());
    Genesis funded = g.withBalances(more);
    genesis =
        new Genesis(
            g.chainId(),
            g.timestamp(),
            g.parameters().withConsensus(RULES),
            funded.balances(),
            witnesses);
    deposit = genesis.parameters().candidateDeposit();
  }

  KeyPair witness() {
    return base.witness();
  }

  KeyPair user(int i) {
    return base.users().get(i);
  }

  Address address(KeyPair key) {
    return Address.of(key.publicKey(), CHAIN);
  }

  TransactionBuilder builder(KeyPair key) {
    return new TransactionBuilder(CHAIN, genesis.parameters(), key);
  }

  LedgerState state() {
    return LedgerState.genesis(genesis);
  }

  /** Two different headers for {@code height}, both signed by {@code producer}. */
  static DoubleBlock doubleBlock(KeyPair producer, long height, int variant) {
    BlockHeader a = header(producer, height, 1);
    BlockHeader b = header(producer, height, 2 + variant);
    return DoubleBlock.of(a, sign(producer, a), b, sign(producer, b));
  }

  private static BlockHeader header(KeyPair producer, long height, long timestamp) {
    Bytes zero = Bytes.wrap(new byte[32]);
    return new BlockHeader(
        CHAIN, height, zero, timestamp, producer.publicKey(), zero, zero, zero, 0, zero, zero, 0);
  }

  private static Bytes sign(KeyPair key, BlockHeader header) {
    return Bytes.wrap(key.sign(header.encode()));
  }

  /**
   * Produces the next block on {@code state} as a producer does (applies the transactions, ends the
   * block, seals the header) and returns it. Every transaction must apply.
   */
  Block produce(LedgerState state, List<Transaction> txs) {
    long height = state.height() + 1;
    Bytes witnessSetHash = state.witnessSet(height).hash();
    for (Transaction tx : txs) {
      state.apply(tx, address(witness()), NOW);
    }
    Bytes next = state.endBlock();
    BlockTrees trees = BlockTrees.of(txs);
    BlockHeader header =
        new BlockHeader(
            CHAIN,
            height,
            Bytes.wrap(new byte[32]),
            NOW + height,
            witness().publicKey(),
            trees.transactionsRoot(),
            trees.anchorRootSha256(),
            trees.anchorRootSha3(),
            trees.anchorCount(),
            state.root(),
            witnessSetHash,
            next,
            txs.size());
    return Block.seal(header, witness(), txs);
  }

  /**
   * The witness set hash of docs/ledger.md by hand: the count, then the keys in ascending unsigned
   * order.
   */
  static Bytes setHash(PublicKey... keys) {
    ByteBuffer b = ByteBuffer.allocate(2 + 32 * keys.length).putShort((short) keys.length);
    java.util.Arrays.stream(keys)
        .map(k -> k.bytes().toArray())
        .sorted(java.util.Arrays::compareUnsigned)
        .forEach(b::put);
    return Bytes.wrap(HashFunction.SHA256.hash(b.array()));
  }

  /** Total supply as the accounts hold it: balances plus staked, over every funded account. */
  long supply(LedgerState state) {
    long total = 0;
    for (Address a : genesis.balances().keySet()) {
      Account account = state.account(a);
      total += account.balance() + account.staked();
    }
    return total;
  }

  long genesisSupply() {
    long total = 0;
    for (long amount : genesis.balances().values()) {
      total += amount;
    }
    return total;
  }

  static List<Transaction> list(Transaction... txs) {
    return new ArrayList<>(List.of(txs));
  }
}
