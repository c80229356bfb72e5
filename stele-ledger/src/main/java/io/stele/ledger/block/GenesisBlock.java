package io.stele.ledger.block;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.HashFunction;
import io.stele.core.crypto.PublicKey;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.state.LedgerState;
import java.util.List;

/**
 * Block 0, derived from the genesis alone: its parent hash is the genesis hash, its producer and
 * signature are all zero bytes, it holds no transactions and commits the initial state. It is final
 * by definition (its certificate carries no confirmations).
 */
public final class GenesisBlock {
  private static final Bytes ZERO_32 = Bytes.wrap(new byte[32]);
  private static final Bytes ZERO_SIGNATURE = Bytes.wrap(new byte[PublicKey.SIGNATURE_LENGTH]);

  private GenesisBlock() {}

  public static Block create(Genesis genesis) {
    return create(genesis, LedgerState.genesis(genesis).root());
  }

  static Block create(Genesis genesis, Bytes stateRoot) {
    BlockHeader header =
        new BlockHeader(
            genesis.chainId(),
            0,
            genesis.hash(),
            genesis.timestamp(),
            new PublicKey(ZERO_32),
            Block.transactionsRoot(List.of()),
            Bytes.wrap(HashFunction.SHA256.hash(new byte[0])),
            Bytes.wrap(HashFunction.SHA3_256.hash(new byte[0])),
            0,
            stateRoot,
            new WitnessSet(0, genesis.witnesses()).hash(),
            0);
    return new Block(header, ZERO_SIGNATURE, List.of());
  }

  public static FinalityCertificate certificate(Block genesisBlock) {
    return new FinalityCertificate(
        genesisBlock.header().chainId(), 0, 0, genesisBlock.hash(), List.of());
  }

  /** The genesis block's hash: the chain's identity. */
  public static Bytes hash(Genesis genesis) {
    return create(genesis).hash();
  }
}
