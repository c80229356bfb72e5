package io.stele.ledger.consensus.sim;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.PublicKey;
import io.stele.ledger.block.Block;
import io.stele.ledger.block.BlockHeader;
import io.stele.ledger.consensus.round.ConsensusMessages;
import io.stele.ledger.consensus.round.ConsensusMessages.ProposalMessage;
import io.stele.ledger.consensus.round.ConsensusMessages.VoteMessage;
import io.stele.ledger.consensus.round.ConsensusOutput;
import io.stele.ledger.consensus.round.Proposal;
import io.stele.ledger.consensus.round.Vote;
import io.stele.net.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Byzantine witnesses as test doubles around an honest engine's output. They sign with the witness
 * key directly, bypassing its guard, which is exactly what an honest node cannot do.
 */
final class Byzantine {
  private Byzantine() {}

  /**
   * A producer that equivocates: with every new block it proposes it also signs a second block for
   * the same height (one millisecond later) and sends that, with its own proposal, to half of its
   * peers before gossiping the first.
   */
  static Function<ConsensusOutput, ConsensusOutput> equivocatingProducer(SimNode node) {
    return honest ->
        new Relay(honest) {
          @Override
          public void gossip(Message message) {
            if (message.type() == ConsensusMessages.PROPOSAL) {
              Proposal p = proposal(message);
              if (p.validRound() < 0 && p.proposer().equals(node.publicKey())) {
                Block twin = twin(node, p.block());
                Proposal other = Proposal.sign(node.key, p.round(), -1, twin);
                halfOfPeers(node).forEach(peer -> honest.send(peer, proposalMessage(other)));
              }
            }
            honest.gossip(message);
          }
        };
  }

  /**
   * A witness that signs, with every vote, a conflicting one (nil for a block, or a block it saw
   * for nil) and sends it to half of its peers before gossiping the honest vote.
   */
  static Function<ConsensusOutput, ConsensusOutput> doubleConfirming(SimNode node) {
    return honest ->
        new Relay(honest) {
          @Override
          public void gossip(Message message) {
            if (message.type() == ConsensusMessages.PREVOTE
                || message.type() == ConsensusMessages.PRECOMMIT) {
              Vote v = ((VoteMessage) ConsensusMessages.decode(message, 1)).vote();
              Bytes other = v.isNil() ? Bytes.wrap(filled((byte) 7)) : Vote.NIL;
              Vote conflicting =
                  Vote.sign(node.key, v.type(), v.chainId(), v.height(), v.round(), other);
              halfOfPeers(node)
                  .forEach(peer -> honest.send(peer, ConsensusMessages.vote(conflicting)));
            }
            honest.gossip(message);
          }
        };
  }

  /** A witness that follows the chain but never sends a proposal, vote or certificate. */
  static Function<ConsensusOutput, ConsensusOutput> withholding() {
    return honest ->
        new Relay(honest) {
          @Override
          public void gossip(Message message) {}

          @Override
          public void send(PublicKey peer, Message message) {}

          @Override
          public void resend(Message message) {}
        };
  }

  private static Proposal proposal(Message message) {
    return ((ProposalMessage) ConsensusMessages.decode(message, 1 << 20)).proposal();
  }

  private static Message proposalMessage(Proposal p) {
    return ConsensusMessages.proposal(p);
  }

  private static Block twin(SimNode node, Block block) {
    BlockHeader h = block.header();
    BlockHeader other =
        new BlockHeader(
            h.chainId(),
            h.height(),
            h.parentHash(),
            h.timestamp() + 1,
            h.producer(),
            h.transactionsRoot(),
            h.anchorRootSha256(),
            h.anchorRootSha3(),
            h.anchorCount(),
            h.stateRoot(),
            h.witnessSetHash(),
            h.transactionCount());
    return Block.seal(other, node.key, block.transactions());
  }

  private static List<PublicKey> halfOfPeers(SimNode node) {
    List<PublicKey> peers = new ArrayList<>(node.transport.peers());
    return peers.subList(0, peers.size() / 2);
  }

  private static byte[] filled(byte value) {
    byte[] b = new byte[32];
    java.util.Arrays.fill(b, value);
    return b;
  }

  /** Passes everything through unless a method is overridden. */
  private static class Relay implements ConsensusOutput {
    private final ConsensusOutput honest;

    Relay(ConsensusOutput honest) {
      this.honest = honest;
    }

    @Override
    public void gossip(Message message) {
      honest.gossip(message);
    }

    @Override
    public void send(PublicKey peer, Message message) {
      honest.send(peer, message);
    }

    @Override
    public void resend(Message message) {
      honest.resend(message);
    }

    @Override
    public void needBlock(long height, PublicKey peer) {
      honest.needBlock(height, peer);
    }
  }
}
