package io.stele.api.ledger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.api.Json;
import io.stele.core.address.Address;
import io.stele.core.bytes.Bytes;
import io.stele.ledger.node.LedgerNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** A ledger node that remembers what it was asked and answers what the test put in it. */
final class FakeLedgerNode implements LedgerNode {
  final Map<Long, ObjectNode> blocksByHeight = new ConcurrentHashMap<>();
  final Map<Bytes, ObjectNode> blocksByHash = new ConcurrentHashMap<>();
  final Map<Bytes, ObjectNode> transactions = new ConcurrentHashMap<>();
  final Map<Bytes, ObjectNode> receipts = new ConcurrentHashMap<>();
  final List<byte[]> submitted = new CopyOnWriteArrayList<>();
  final List<List<Bytes>> anchored = new CopyOnWriteArrayList<>();
  final List<Object[]> accountQueries = new CopyOnWriteArrayList<>();
  final List<Consumer<ObjectNode>> blockListeners = new CopyOnWriteArrayList<>();
  final List<Consumer<ObjectNode>> receiptListeners = new CopyOnWriteArrayList<>();

  /** When set, submit and anchor throw what it supplies. */
  volatile Supplier<RuntimeException> failure;

  @Override
  public ObjectNode status() {
    return Json.object().put("chainId", "T").put("height", 5).put("finalHeight", 4);
  }

  @Override
  public Optional<ObjectNode> block(long height) {
    return Optional.ofNullable(blocksByHeight.get(height));
  }

  @Override
  public Optional<ObjectNode> block(Bytes hash) {
    return Optional.ofNullable(blocksByHash.get(hash));
  }

  @Override
  public Optional<ObjectNode> transaction(Bytes id) {
    return Optional.ofNullable(transactions.get(id));
  }

  @Override
  public ObjectNode account(Address address, int page, int pageSize) {
    accountQueries.add(new Object[] {address, page, pageSize});
    return Json.object().put("address", address.toString()).put("balance", "100");
  }

  @Override
  public ObjectNode submit(byte[] signedTransaction) {
    failIfAsked();
    submitted.add(signedTransaction.clone());
    return Json.object().put("id", "abc").put("status", "pending");
  }

  @Override
  public ObjectNode anchor(List<Bytes> hashes) {
    failIfAsked();
    anchored.add(new ArrayList<>(hashes));
    return Json.object().put("queued", hashes.size());
  }

  @Override
  public Optional<ObjectNode> receipt(Bytes hash) {
    return Optional.ofNullable(receipts.get(hash));
  }

  @Override
  public ObjectNode witnesses() {
    return Json.object().put("term", 1);
  }

  @Override
  public ObjectNode candidates() {
    return Json.object().put("count", 0);
  }

  @Override
  public Subscription onFinalizedBlock(Consumer<ObjectNode> listener) {
    return subscribe(blockListeners, listener);
  }

  @Override
  public Subscription onReceipt(Consumer<ObjectNode> listener) {
    return subscribe(receiptListeners, listener);
  }

  @Override
  public void close() {}

  private static Subscription subscribe(
      List<Consumer<ObjectNode>> listeners, Consumer<ObjectNode> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  private void failIfAsked() {
    Supplier<RuntimeException> f = failure;
    if (f != null) {
      throw f.get();
    }
  }
}
