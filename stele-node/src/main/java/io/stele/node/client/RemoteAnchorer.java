package io.stele.node.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.anchor.AnchorProof;
import io.stele.core.anchor.Anchorer;
import io.stele.core.bytes.Bytes;
import io.stele.core.error.SteleException;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.receipt.ReceiptVerifier;
import io.stele.node.receipt.ReceiptFile;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Anchors through a node's HTTP API, for processes (workflow, exchange) that do not run the ledger
 * themselves. The node is not trusted: each receipt is verified against the genesis given here
 * before the future completes. While the node cannot be reached, polling carries on; any other
 * refusal fails the future with the node's code.
 */
public final class RemoteAnchorer implements Anchorer, AutoCloseable {
  private final NodeClient client;
  private final ReceiptVerifier verifier;
  private final long pollMillis;
  private final ScheduledExecutorService poller =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("stele-remote-anchorer").unstarted(r));

  public RemoteAnchorer(NodeClient client, Genesis trustedGenesis, Duration pollInterval) {
    this.client = client;
    this.verifier = new ReceiptVerifier(trustedGenesis);
    this.pollMillis = Math.max(1, pollInterval.toMillis());
  }

  @Override
  public CompletableFuture<AnchorProof> anchor(Bytes hash) {
    CompletableFuture<AnchorProof> proof = new CompletableFuture<>();
    if (hash.length() < 1 || hash.length() > MAX_HASH_LENGTH) {
      proof.completeExceptionally(
          new SteleException(
              "anchor.hash_length", "an anchored hash is 1 to 64 bytes, not " + hash.length()));
      return proof;
    }
    String hex = hash.toHex();
    poller.execute(
        () -> {
          try {
            client.anchor(List.of(hex), "hex");
            poll(hash, hex, proof);
          } catch (RuntimeException e) {
            proof.completeExceptionally(e);
          }
        });
    return proof;
  }

  private void poll(Bytes hash, String hex, CompletableFuture<AnchorProof> proof) {
    if (proof.isDone()) {
      return;
    }
    try {
      Optional<ObjectNode> receipt = client.receipt(hex, "hex");
      if (receipt.isPresent()) {
        ReceiptVerifier.Verified v = verifier.check(receipt.get());
        if (!v.targetHash().equals(hash)) {
          throw new SteleException("receipt.target", "the node sent a receipt for another hash");
        }
        proof.complete(
            new AnchorProof(
                hash,
                v.height(),
                v.position(),
                v.transactionId(),
                ReceiptFile.canonical(receipt.get())));
        return;
      }
    } catch (SteleException e) {
      if (!e.code().equals("cli.unreachable")) {
        proof.completeExceptionally(e);
        return;
      }
    }
    poller.schedule(() -> poll(hash, hex, proof), pollMillis, TimeUnit.MILLISECONDS);
  }

  /** Stops polling; futures not yet complete stay incomplete. */
  @Override
  public void close() {
    poller.shutdownNow();
  }
}
