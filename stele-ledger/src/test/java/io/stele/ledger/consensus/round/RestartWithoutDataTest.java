package io.stele.ledger.consensus.round;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;

/**
 * A witness whose signing store is lost follows the chain silently and resumes signing only above
 * the heights it saw the others at and its own key signing at (docs/consensus.md).
 */
class RestartWithoutDataTest {
  private static final byte CHAIN = 'T';
  private final List<KeyPair> keys = new ArrayList<>();
  private final List<Block> chain = new ArrayList<>();
  private final List<Message> sent = new ArrayList<>();
  private final WitnessSet witnesses;
  private final ConsensusEngine engine;
  private long now = 100_000;

  RestartWithoutDataTest() {
    SeededRng rng = new SeededRng(13);
    for (int i = 0; i < 4; i++) {
      keys.add(KeyPair.generate(rng));
    }
    witnesses = new WitnessSet(0, keys.stream().map(KeyPair::publicKey).toList());
    chain.add(
        new Block(
            header(new PublicKey(Bytes.wrap(new byte[32])), 0, Bytes.wrap(new byte[32]), 10_000),
            Bytes.wrap(new byte[64]),
            List.of()));
    engine =
        new ConsensusEngine(
            new ConsensusEngine.Config(
                CHAIN, new Countdown(50, 200), new RoundTimeouts(50, 200, 100, 100), 1 << 20),
            new ChainApplication(),
            new Recorder(),
            new Clock(),
            Optional.of(new SigningGuard(keys.get(2), SignerStore.InMemory.lost())));
    engine.start();
  }

  @Test
  void staysSilentUntilAboveEveryHeightItCouldHaveSignedBefore() {
    // its old self's prevote at height 1 comes back from the network
    Block first = finalizeByOthers(true);
    assertThat(chain).hasSize(2).endsWith(first);
    assertThat(sent).as("nothing signed while lost").isEmpty();

    // height 2: it committed height 1 and heard from all others, but resumes only above 2
    finalizeByOthers(false);
    assertThat(sent).as("still silent at the height after its first commit").isEmpty();

    // height 3 is its own turn, and above the heights it stayed silent for: it produces again
    assertThat(engine.proposer(0)).isEqualTo(keys.get(2).publicKey());
    engine.onTimeout(new Timeout(3, 0, Timeout.Kind.PRODUCE));
    Proposal proposal =
        ((ConsensusMessages.ProposalMessage) ConsensusMessages.decode(sent.get(0), 1 << 20))
            .proposal();
    assertThat(proposal.height()).isEqualTo(3);
    assertThat(proposal.proposer()).isEqualTo(keys.get(2).publicKey());
    Vote prevote =
        ((ConsensusMessages.VoteMessage) ConsensusMessages.decode(sent.get(1), 1)).vote();
    assertThat(prevote.hash()).isEqualTo(proposal.block().hash());
  }

  /** Witnesses 0, 1 and 3 propose, prevote and precommit the next block; returns it. */
  private Block finalizeByOthers(boolean ownOldVote) {
    long height = engine.height();
    Block b = proposeAt(height);
    if (ownOldVote) {
      engine.onVote(
          keys.get(2).publicKey(),
          Vote.sign(keys.get(2), VoteType.PREVOTE, CHAIN, height, 0, b.hash()));
    }
    for (VoteType type : VoteType.values()) {
      for (int w : new int[] {0, 1, 3}) {
        engine.onVote(
            keys.get(w).publicKey(), Vote.sign(keys.get(w), type, CHAIN, height, 0, b.hash()));
      }
    }
    return b;
  }

  private Block proposeAt(long height) {
    KeyPair proposer =
        keys.stream().filter(k -> k.publicKey().equals(engine.proposer(0))).findFirst().get();
    Block parent = chain.get(chain.size() - 1);
    now += 1_000;
    Block b =
        Block.seal(
            header(proposer.publicKey(), height, parent.hash(), now - 500), proposer, List.of());
    engine.onProposal(proposer.publicKey(), Proposal.sign(proposer, 0, -1, b));
    return b;
  }

  private static BlockHeader header(PublicKey producer, long height, Bytes parent, long ts) {
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

  private final class ChainApplication implements ConsensusApplication {
    @Override
    public Block head() {
      return chain.get(chain.size() - 1);
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
    public void evidence(Evidence evidence) {}
  }

  private final class Recorder implements ConsensusOutput {
    @Override
    public void gossip(Message message) {
      if (message.type() != ConsensusMessages.COMMIT) {
        sent.add(message);
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
