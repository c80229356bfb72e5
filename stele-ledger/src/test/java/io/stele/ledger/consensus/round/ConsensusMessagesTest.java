package io.stele.ledger.consensus.round;

import static io.stele.ledger.consensus.round.RoundFixtures.CHAIN;
import static io.stele.ledger.consensus.round.RoundFixtures.block;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.core.random.SeededRng;
import io.stele.ledger.block.Block;
import io.stele.ledger.block.Confirmation.VoteType;
import io.stele.ledger.consensus.round.ConsensusMessages.Decoded;
import io.stele.ledger.consensus.round.ConsensusMessages.ProposalMessage;
import io.stele.ledger.consensus.round.ConsensusMessages.VoteMessage;
import io.stele.net.Message;
import java.nio.ByteBuffer;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ConsensusMessagesTest {
  private static final KeyPair KEY = KeyPair.generate(new SeededRng(8));
  private static final Block BLOCK = block(KEY, 5, 0);

  private static Vote precommit() {
    return Vote.sign(KEY, VoteType.PRECOMMIT, CHAIN, 5, 2, BLOCK.hash());
  }

  private static Proposal proposal() {
    return Proposal.sign(KEY, 3, 1, BLOCK);
  }

  @Test
  void aVoteIsTaggedByTypeAndSignsTheVoteMessage() {
    Vote v = precommit();
    byte[] signed =
        ByteBuffer.allocate(46)
            .put((byte) 2)
            .put(CHAIN)
            .putLong(5)
            .putInt(2)
            .put(BLOCK.hash().unsafeArray())
            .array();
    byte[] body =
        ByteBuffer.allocate(141)
            .put(CHAIN)
            .putLong(5)
            .putInt(2)
            .put(BLOCK.hash().unsafeArray())
            .put(KEY.publicKey().bytes().unsafeArray())
            .put(KEY.sign(signed))
            .array();
    Message m = ConsensusMessages.vote(v);
    assertThat(m.type()).isEqualTo(0x22);
    assertThat(m.body().unsafeArray()).isEqualTo(body);
    assertThat(((VoteMessage) ConsensusMessages.decode(m, 1024)).vote()).isEqualTo(v);
    assertThat(v.verify()).isTrue();
    // the same body under the prevote tag is a prevote whose signature does not hold
    Vote asPrevote =
        ((VoteMessage) ConsensusMessages.decode(new Message(0x21, Bytes.wrap(body)), 1024)).vote();
    assertThat(asPrevote.type()).isEqualTo(VoteType.PREVOTE);
    assertThat(asPrevote.verify()).isFalse();
  }

  @Test
  void aProposalSignsHeightRoundValidRoundAndBlockHash() {
    Proposal p = proposal();
    byte[] signed =
        ByteBuffer.allocate(50)
            .put((byte) 3)
            .put(CHAIN)
            .putLong(5)
            .putInt(3)
            .putInt(1)
            .put(BLOCK.hash().unsafeArray())
            .array();
    assertThat(KEY.publicKey().verify(signed, p.signature().unsafeArray())).isTrue();
    Message m = ConsensusMessages.proposal(p);
    assertThat(m.type()).isEqualTo(0x20);
    assertThat(((ProposalMessage) ConsensusMessages.decode(m, 1 << 20)).proposal()).isEqualTo(p);
    assertThat(p.verify()).isTrue();
  }

  @Test
  void malformedMessagesAreRefusedWithACode() {
    byte[] vote = ConsensusMessages.vote(precommit()).body().unsafeArray();
    fails(new Message(0x22, Bytes.wrap(Arrays.copyOf(vote, vote.length - 1))), "codec.truncated");
    fails(new Message(0x22, Bytes.wrap(Arrays.copyOf(vote, vote.length + 1))), "codec.trailing");
    fails(new Message(0x24, Bytes.wrap(vote)), "consensus.message_type");
    byte[] proposal = ConsensusMessages.proposal(proposal()).body().unsafeArray();
    fails(new Message(0x20, Bytes.wrap(proposal)), 100, "proposal.too_large");
    byte[] badValidRound = proposal.clone();
    badValidRound[16] = 3; // valid round 3 in round 3
    fails(new Message(0x20, Bytes.wrap(badValidRound)), 1 << 20, "proposal.round");
    byte[] otherHeight = proposal.clone();
    otherHeight[8] = 6; // proposal for height 6 carrying block 5
    fails(new Message(0x20, Bytes.wrap(otherHeight)), 1 << 20, "proposal.block");
  }

  @Property(tries = 300)
  void aChangedByteIsRefusedOrDecodesToExactlyThoseBytes(
      @ForAll @IntRange(min = 0, max = 2000) int position,
      @ForAll @IntRange(min = 1, max = 255) int flip,
      @ForAll boolean vote) {
    Message original =
        vote ? ConsensusMessages.vote(precommit()) : ConsensusMessages.proposal(proposal());
    byte[] body = original.body().toArray();
    body[position % body.length] ^= (byte) flip;
    Message changed = new Message(original.type(), Bytes.wrap(body));
    Decoded decoded;
    try {
      decoded = ConsensusMessages.decode(changed, 1 << 20);
    } catch (SteleException refused) {
      assertThat(refused.code()).matches("(proposal|codec|block|crypto|tx)\\..+");
      return;
    }
    Message again =
        switch (decoded) {
          case VoteMessage v -> ConsensusMessages.vote(v.vote());
          case ProposalMessage p -> ConsensusMessages.proposal(p.proposal());
          case ConsensusMessages.CommitMessage c -> ConsensusMessages.commit(c.certificate());
        };
    assertThat(again).isEqualTo(changed);
  }

  private static void fails(Message m, String code) {
    fails(m, 1 << 20, code);
  }

  private static void fails(Message m, int max, String code) {
    assertThatThrownBy(() -> ConsensusMessages.decode(m, max))
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo(code);
  }
}
