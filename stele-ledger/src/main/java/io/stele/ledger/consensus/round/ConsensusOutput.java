package io.stele.ledger.consensus.round;

import io.stele.core.crypto.PublicKey;
import io.stele.net.Message;

/** What the engine sends out. Nothing here may block; delivery is never promised. */
public interface ConsensusOutput {
  /** Gossip to every peer (forwarded by peers that accept it). */
  void gossip(Message message);

  /** Direct to one peer: answers and retransmissions, which gossip de-duplication would drop. */
  void send(PublicKey peer, Message message);

  /** Direct to every connected peer: retransmission after a silent round. */
  void resend(Message message);

  /**
   * This node is behind: {@code peer} showed a final block above {@code height - 1}. Block sync
   * should fetch the block at {@code height} with its certificate and hand it to {@link
   * ConsensusEngine#onCertifiedBlock}.
   */
  void needBlock(long height, PublicKey peer);
}
