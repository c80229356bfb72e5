package io.stele.ledger.consensus.round;

import io.stele.core.bytes.Bytes;
import io.stele.core.error.SteleException;
import io.stele.ledger.block.Confirmation.VoteType;
import io.stele.ledger.block.FinalityCertificate;
import io.stele.net.Message;

/**
 * The consensus messages on the wire, one type tag each (the range 0x20..0x2F is consensus's):
 *
 * <ul>
 *   <li>{@value #PROPOSAL} a {@link Proposal} (with the whole block);
 *   <li>{@value #PREVOTE} and {@value #PRECOMMIT} a {@link Vote};
 *   <li>{@value #COMMIT} a {@link FinalityCertificate} announcing a final block.
 * </ul>
 *
 * Decoding is strict and size-checked; it does not check signatures.
 */
public final class ConsensusMessages {
  public static final int PROPOSAL = 0x20;
  public static final int PREVOTE = 0x21;
  public static final int PRECOMMIT = 0x22;
  public static final int COMMIT = 0x23;

  private ConsensusMessages() {}

  /** A decoded consensus message. */
  public sealed interface Decoded {}

  public record ProposalMessage(Proposal proposal) implements Decoded {}

  public record VoteMessage(Vote vote) implements Decoded {}

  public record CommitMessage(FinalityCertificate certificate) implements Decoded {}

  public static boolean isConsensus(Message message) {
    return message.type() >= PROPOSAL && message.type() <= COMMIT;
  }

  public static Message proposal(Proposal proposal) {
    return new Message(PROPOSAL, Bytes.wrap(proposal.encodeBody()));
  }

  public static Message vote(Vote vote) {
    int tag = vote.type() == VoteType.PREVOTE ? PREVOTE : PRECOMMIT;
    return new Message(tag, Bytes.wrap(vote.encodeBody()));
  }

  public static Message commit(FinalityCertificate certificate) {
    return new Message(COMMIT, Bytes.wrap(certificate.encode()));
  }

  /** Decodes a consensus message of at most {@code maxProposalBytes} (proposals). */
  public static Decoded decode(Message message, int maxProposalBytes) {
    byte[] body = message.body().unsafeArray();
    return switch (message.type()) {
      case PROPOSAL -> new ProposalMessage(Proposal.decodeBody(body, maxProposalBytes));
      case PREVOTE -> new VoteMessage(Vote.decodeBody(VoteType.PREVOTE, body));
      case PRECOMMIT -> new VoteMessage(Vote.decodeBody(VoteType.PRECOMMIT, body));
      case COMMIT -> new CommitMessage(FinalityCertificate.decode(body));
      default ->
          throw new SteleException(
              "consensus.message_type", "message type " + message.type() + " is not consensus");
    };
  }
}
