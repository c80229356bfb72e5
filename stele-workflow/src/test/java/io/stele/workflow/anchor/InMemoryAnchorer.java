package io.stele.workflow.anchor;

import com.fasterxml.jackson.databind.JsonNode;
import io.stele.core.anchor.AnchorProof;
import io.stele.core.anchor.Anchorer;
import io.stele.core.bytes.Bytes;
import io.stele.core.error.SteleException;
import io.stele.workflow.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A deterministic stand-in for the ledger: hashes wait until {@link #seal} puts them, in the order
 * they arrived, into the next block; the receipt names the hash, the height and the position.
 */
public final class InMemoryAnchorer implements Anchorer {
  private record Pending(Bytes hash, CompletableFuture<AnchorProof> future) {}

  private final List<Pending> pending = new ArrayList<>();
  private long height;

  @Override
  public synchronized CompletableFuture<AnchorProof> anchor(Bytes hash) {
    CompletableFuture<AnchorProof> future = new CompletableFuture<>();
    pending.add(new Pending(hash, future));
    return future;
  }

  /** Makes the waiting hashes final in one new block. */
  public void seal() {
    List<Pending> block;
    long at;
    synchronized (this) {
      block = List.copyOf(pending);
      pending.clear();
      at = ++height;
    }
    for (int i = 0; i < block.size(); i++) {
      Pending p = block.get(i);
      String receipt =
          "{\"hash\":\"" + p.hash().toHex() + "\",\"height\":" + at + ",\"position\":" + i + "}";
      p.future()
          .complete(new AnchorProof(p.hash(), at, i, Bytes.of(new byte[] {(byte) at}), receipt));
    }
  }

  /** Accepts the receipts {@link #seal} writes, for the hash they name. */
  public static final ReceiptCheck RECEIPTS =
      (hash, receiptJson) -> {
        JsonNode receipt = Json.parse(receiptJson, "receipt");
        if (!hash.toHex().equals(receipt.path("hash").asText())) {
          throw new SteleException(
              "anchor.receipt_hash", "receipt is for " + receipt.path("hash").asText());
        }
      };
}
