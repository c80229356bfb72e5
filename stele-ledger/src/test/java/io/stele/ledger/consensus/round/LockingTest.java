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
import io.stele.ledger.consensus.round.ConsensusMessages.Decoded;
import io.stele.ledger.consensus.round.ConsensusMessages.ProposalMessage;
import io.stele.ledger.consensus.round.ConsensusMessages.VoteMessage;
import io.stele.net.Message;
import io.stele.net.Scheduled;
import io.stele.net.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One engine driven by hand through the lock rules: a witness that saw a polka locks, prevotes nil
 * for another block in a later round, and re-proposes its valid block when its turn comes.
 */
class LockingTest {
  private static final byte CHAIN = 'T';
  private static final long T_W = 50;
  private static final long T_O = 200;
  private final List<KeyPair> keys = new ArrayList<>();
  private final List<Message> sent = new ArrayList<>();
  private final List<Evidence> evidence = new ArrayList<>();
  private final SignerStore.InMemory store = SignerStore.InMemory.fresh();
  private WitnessSet witnesses;
  private Block genesis;
  private ConsensusEngine engine;

  @BeforeEach
  void start() {
    SeededRng rng = new SeededRng(11);
    for (int i = 0; i < 4; i++) {
      keys.add(KeyPair.generate(rng));
    }
    witnesses = new WitnessSet(0, keys.stream().map(KeyPair::publicKey).toList());
    PublicKey nobody = new PublicKey(Bytes.wrap(new byte[32]));
    genesis =
        new Block(
            header(nobody, 0, Bytes.wrap(new byte[32]), 10_000),
            Bytes.wrap(new byte[64]),
            List.of());
    engine = engineFor(keys.get(2));
    engine.start();
  }

  private ConsensusEngine engineFor(KeyPair me) {
    ConsensusApplication app =
        new ConsensusApplication() {
          @Override
          public Block head() {
            return genesis;
          }

          @Override
          public FinalityCertificate headCertificate() {
            return new FinalityCertificate(CHAIN, 0, 0, genesis.hash(), List.of());
          }

          @Override
          public WitnessSet witnesses(long height) {
            return witnesses;
          }

          @Override
          public BlockDraft build(Block parent, long timestamp, PublicKey producer) {
            return new BlockDraft(header(producer, 1, parent.hash(), timestamp), List.of());
          }

          @Override
          public void validate(Block block) {}

          @Override
          public void commit(Block block, FinalityCertificate certificate) {}

          @Override
          public void evidence(Evidence e) {
            evidence.add(e);
          }
        };
    ConsensusOutput out =
        new ConsensusOutput() {
          @Override
          public void gossip(Message message) {
            sent.add(message);
          }

          @Override
          public void send(PublicKey peer, Message message) {}

          @Override
          public void resend(Message message) {}

          @Override
          public void needBlock(long height, PublicKey peer) {}
        };
    Scheduler scheduler =
        new Scheduler() {
          @Override
          public long millis() {
            return genesis.header().timestamp() + 1_000;
          }

          @Override
          public Scheduled schedule(long delayMillis, Runnable task) {
            return () -> {};
          }
        };
    return new ConsensusEngine(
        new ConsensusEngine.Config(
            CHAIN, new Countdown(T_W, T_O), new RoundTimeouts(T_W, T_O, 100, 100), 1 << 20),
        app,
        out,
        scheduler,
        Optional.of(new SigningGuard(me, store)));
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

  private Block block(KeyPair[] producer, long height, Bytes parent, long ts) {
    if (producer[0] == null) {
      PublicKey nobody = new PublicKey(Bytes.wrap(new byte[32]));
      return new Block(header(nobody, height, parent, ts), Bytes.wrap(new byte[64]), List.of());
    }
    return Block.seal(header(producer[0].publicKey(), height, parent, ts), producer[0], List.of());
  }

  private Block blockBy(int witness, long ts) {
    return block(new KeyPair[] {keys.get(witness)}, 1, genesis.hash(), ts);
  }

  private void vote(int witness, VoteType type, int round, Bytes hash) {
    engine.onVote(
        keys.get(witness).publicKey(), Vote.sign(keys.get(witness), type, CHAIN, 1, round, hash));
  }

  private Decoded last() {
    return ConsensusMessages.decode(sent.get(sent.size() - 1), 1 << 20);
  }

  private Vote lastVote() {
    return ((VoteMessage) last()).vote();
  }

  @Test
  void aLockedWitnessRefusesAnotherBlockAndReproposesItsValidBlock() {
    long ts = genesis.header().timestamp();
    Block b = blockBy(0, ts + T_W);
    engine.onProposal(keys.get(0).publicKey(), Proposal.sign(keys.get(0), 0, -1, b));
    assertThat(lastVote().type()).isEqualTo(VoteType.PREVOTE);
    assertThat(lastVote().hash()).isEqualTo(b.hash());

    vote(0, VoteType.PREVOTE, 0, b.hash());
    vote(1, VoteType.PREVOTE, 0, b.hash());
    assertThat(lastVote().type()).isEqualTo(VoteType.PRECOMMIT);
    assertThat(lastVote().hash()).isEqualTo(b.hash());
    assertThat(engine.locks().lockedBlock()).isEqualTo(b);
    assertThat(store.load().orElseThrow().lockedBlock()).isEqualTo(b);

    vote(0, VoteType.PRECOMMIT, 0, Vote.NIL);
    vote(1, VoteType.PRECOMMIT, 0, Vote.NIL);
    engine.onTimeout(new Timeout(1, 0, Timeout.Kind.PRECOMMIT));
    assertThat(engine.round()).isEqualTo(1);

    Block other = blockBy(1, ts + T_O);
    engine.onProposal(keys.get(1).publicKey(), Proposal.sign(keys.get(1), 1, -1, other));
    assertThat(lastVote().round()).isEqualTo(1);
    assertThat(lastVote().isNil()).as("locked on another block: prevote nil").isTrue();

    vote(0, VoteType.PREVOTE, 1, Vote.NIL);
    vote(1, VoteType.PREVOTE, 1, Vote.NIL);
    vote(0, VoteType.PRECOMMIT, 1, Vote.NIL);
    vote(1, VoteType.PRECOMMIT, 1, Vote.NIL);
    engine.onTimeout(new Timeout(1, 1, Timeout.Kind.PRECOMMIT));
    assertThat(engine.round()).isEqualTo(2);

    // round 2 is this witness's turn: it re-proposes the block it saw a polka for in round 0
    Proposal reproposed =
        ((ProposalMessage) ConsensusMessages.decode(proposalSent(), 1 << 20)).proposal();
    assertThat(reproposed.round()).isEqualTo(2);
    assertThat(reproposed.validRound()).isZero();
    assertThat(reproposed.block()).isEqualTo(b);
    assertThat(reproposed.proposer()).isEqualTo(keys.get(2).publicKey());
    assertThat(evidence).isEmpty();
  }

  @Test
  void aPolkaFromALaterRoundUnlocksAndAQuorumOfPrecommitsCommits() {
    long ts = genesis.header().timestamp();
    Block b = blockBy(0, ts + T_W);
    engine.onProposal(keys.get(0).publicKey(), Proposal.sign(keys.get(0), 0, -1, b));
    vote(0, VoteType.PREVOTE, 0, b.hash());
    vote(1, VoteType.PREVOTE, 0, b.hash());
    vote(0, VoteType.PRECOMMIT, 0, Vote.NIL);
    vote(1, VoteType.PRECOMMIT, 0, Vote.NIL);
    engine.onTimeout(new Timeout(1, 0, Timeout.Kind.PRECOMMIT));

    // a proposal claiming a polka in round 0 that this witness never saw: it does not prevote it
    // and waits for the timeout
    Block other = blockBy(1, ts + T_O);
    engine.onProposal(keys.get(1).publicKey(), Proposal.sign(keys.get(1), 1, 0, other));
    assertThat(lastVote().round()).as("no prevote in round 1 yet").isZero();
    engine.onTimeout(new Timeout(1, 1, Timeout.Kind.PROPOSE));
    assertThat(lastVote().round()).isEqualTo(1);
    assertThat(lastVote().isNil()).isTrue();

    // a polka for the other block in round 1 unlocks: it precommits that block
    vote(0, VoteType.PREVOTE, 1, other.hash());
    vote(1, VoteType.PREVOTE, 1, other.hash());
    vote(3, VoteType.PREVOTE, 1, other.hash());
    assertThat(lastVote().type()).isEqualTo(VoteType.PRECOMMIT);
    assertThat(lastVote().hash()).isEqualTo(other.hash());
    assertThat(engine.locks().lockedBlock()).isEqualTo(other);

    vote(0, VoteType.PRECOMMIT, 1, other.hash());
    vote(1, VoteType.PRECOMMIT, 1, other.hash());
    assertThat(engine.height()).isEqualTo(2);
  }

  private Message proposalSent() {
    for (int i = sent.size() - 1; i >= 0; i--) {
      if (sent.get(i).type() == ConsensusMessages.PROPOSAL) {
        return sent.get(i);
      }
    }
    throw new AssertionError("no proposal sent");
  }
}
