package io.stele.ledger.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.bytes.Bytes;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A ledger node in this process that anchors hashes: a witness, solo or one of many. */
public interface AnchoringNode extends LedgerNode {

  /**
   * The receipt of {@code hash} as soon as a block holding it is final: at once if it already is.
   * Does not queue the hash; see {@link #anchor(List)}.
   */
  CompletableFuture<ObjectNode> awaitReceipt(Bytes hash);

  @Override
  ObjectNode anchor(List<Bytes> hashes);
}
