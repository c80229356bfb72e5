package io.stele.ledger.consensus.round;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.random.SeededRng;
import io.stele.ledger.block.Block;
import io.stele.ledger.block.BlockHeader;
import io.stele.ledger.block.BlockTrees;
import io.stele.ledger.block.Confirmation.VoteType;
import io.stele.ledger.block.FinalityCertificate;
import io.stele.ledger.block.WitnessSet;
import io.stele.ledger.consensus.Countdown;
import io.stele.ledger.consensus.Evidence;
import io.stele.net.Message;
import io.stele.net.Scheduled;
import io.stele.net.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One engine driven by hand: four witnesses, a chain of empty blocks that grows on commit, a clock
 * the test sets, timers that never fire by themselves (the test calls {@code onTimeout}), and a
 * record of what the engine gossiped and the evidence it reported.
 */
final class EngineFixture {
  static final byte CHAIN = 'T';
  static final long T_W = 50;
  static final long T_O = 200;

  final List<KeyPair> keys = new ArrayList<>();
  final List<Block> chain = new ArrayList<>();
  final List<Message> gossiped = new ArrayList<>();
  final List<Evidence> evidence = new ArrayList<>();
  final WitnessSet witnesses;
  final ConsensusEngine engine;
  long now = 100_000;

  /** The engine of witness {@code me} (0..3), with a guard over {@code store}. */
  EngineFixture(int me, SignerStore store) {
    SeededRng rng = new SeededRng(11);
    for (int i = 0; i < 4; i++) {
      keys.add(KeyPair.generate(rng));
    }
    witnesses = new WitnessSet(0, keys.stream().map(KeyPair::publicKey).toList());
    PublicKey nobody = new PublicKey(Bytes.wrap(new byte[32]));
    chain.add(
        new Block(
            header(nobody, 0, Bytes.wrap(new byte[32]), 10_000),
            Bytes.wrap(new byte[64]),
            List.of()));
    engine =
        new ConsensusEngine(
            new ConsensusEngine.Config(
                CHAIN, new Countdown(T_W, T_O), new RoundTimeouts(T_W, T_O, 100, 100), 1 << 20),
            new Application(),
            new Output(),
            new Clock(),
            Optional.of(new SigningGuard(keys.get(me), store)));
    engine.start();
  }

  Block head() {
    return chain.get(chain.size() - 1);
  }

  PublicKey key(int witness) {
    return keys.get(witness).publicKey();
  }

  /** An empty block on the head by {@code witness}, {@code afterHead} ms after the head. */
  Block blockBy(int witness, long afterHead) {
    KeyPair producer = keys.get(witness);
    Block parent = head();
    return Block.seal(
        header(
            producer.publicKey(),
            parent.height() + 1,
            parent.hash(),
            parent.header().timestamp() + afterHead),
        producer,
        List.of());
  }

  Vote vote(int witness, VoteType type, int round, Bytes hash) {
    return Vote.sign(keys.get(witness), type, CHAIN, engine.height(), round, hash);
  }

  /** Feeds a vote by {@code witness} at the engine's height. */
  void receive(int witness, VoteType type, int round, Bytes hash) {
    engine.onVote(key(witness), vote(witness, type, round, hash));
  }

  ConsensusMessages.Decoded lastGossiped() {
    return ConsensusMessages.decode(gossiped.get(gossiped.size() - 1), 1 << 20);
  }

  Vote lastVote() {
    return ((ConsensusMessages.VoteMessage) lastGossiped()).vote();
  }

  /** The last proposal the engine gossiped. */
  Proposal lastProposal() {
    for (int i = gossiped.size() - 1; i >= 0; i--) {
      if (gossiped.get(i).type() == ConsensusMessages.PROPOSAL) {
        return ((ConsensusMessages.ProposalMessage)
                ConsensusMessages.decode(gossiped.get(i), 1 << 20))
            .proposal();
      }
    }
    throw new AssertionError("no proposal gossiped");
  }

  static BlockHeader header(PublicKey producer, long height, Bytes parent, long ts) {
    BlockTrees t = BlockTrees.of(List.of());
    Bytes zero = Bytes.wrap(new byte[32]);
    return new BlockHeader(
        CHAIN,
        height,
        parent,
        ts,
        producer,
        t.transactionsRoot(),
        t.anchorRootSha256(),
        t.anchorRootSha3(),
        0,
        zero,
        zero,
        0);
  }

  private final class Application implements ConsensusApplication {
    @Override
    public Block head() {
      return EngineFixture.this.head();
    }

    @Override
    public FinalityCertificate headCertificate() {
      return new FinalityCertificate(CHAIN, head().height(), 0, head().hash(), List.of());
    }

    @Override
    public WitnessSet witnesses(long height) {
      return witnesses;
    }

    @Override
    public BlockDraft build(Block parent, long timestamp, PublicKey producer) {
      return new BlockDraft(
          header(producer, parent.height() + 1, parent.hash(), timestamp), List.of());
    }

    @Override
    public void validate(Block block) {}

    @Override
    public void commit(Block block, FinalityCertificate certificate) {
      chain.add(block);
    }

    @Override
    public void evidence(Evidence e) {
      evidence.add(e);
    }
  }

  private final class Output implements ConsensusOutput {
    @Override
    public void gossip(Message message) {
      if (message.type() != ConsensusMessages.COMMIT) {
        gossiped.add(message);
      }
    }

    @Override
    public void send(PublicKey peer, Message message) {}

    @Override
    public void resend(Message message) {}

    @Override
    public void needBlock(long height, PublicKey peer) {}
  }

  private final class Clock implements Scheduler {
    @Override
    public long millis() {
      return now;
    }

    @Override
    public Scheduled schedule(long delayMillis, Runnable task) {
      return () -> {};
    }
  }
}
