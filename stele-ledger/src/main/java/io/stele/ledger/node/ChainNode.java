package io.stele.ledger.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.address.Address;
import io.stele.core.bytes.Bytes;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A node that holds the final chain itself (solo witness, witness, follower): the views every such
 * node serves the same way come from its {@link FinalChain}.
 */
public interface ChainNode extends LedgerNode {

  /** The final chain this node holds. */
  FinalChain chain();

  @Override
  default Optional<ObjectNode> block(long height) {
    return chain().block(height);
  }

  @Override
  default Optional<ObjectNode> block(Bytes hash) {
    return chain().block(hash);
  }

  @Override
  default ObjectNode account(Address address, int page, int pageSize) {
    return chain().account(address, page, pageSize);
  }

  @Override
  default Optional<ObjectNode> receipt(Bytes hash) {
    return chain().receipt(hash);
  }

  @Override
  default ObjectNode candidates() {
    return chain().candidates();
  }

  @Override
  default Subscription onFinalizedBlock(Consumer<ObjectNode> listener) {
    return chain().onFinalizedBlock(listener);
  }

  @Override
  default Subscription onReceipt(Consumer<ObjectNode> listener) {
    return chain().onReceipt(listener);
  }
}
