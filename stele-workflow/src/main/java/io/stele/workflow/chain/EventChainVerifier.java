package io.stele.workflow.chain;

import io.stele.core.anchor.Anchorer;
import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.workflow.anchor.ReceiptCheck;
import io.stele.workflow.json.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks an event chain offline: the chain id (layout, checksum, created by the first event's
 * signer), and for every event its link to the one before, its hash and its signature. Every
 * problem is reported, not only the first; an empty list means the chain is sound.
 */
public final class EventChainVerifier {
  private EventChainVerifier() {}

  /** Verifies a chain file in the fixtures' shape; an unreadable file is one problem. */
  public static List<ChainProblem> verify(Path file) {
    EventChain chain;
    try {
      chain = EventChain.read(file);
    } catch (SteleException e) {
      return List.of(new ChainProblem(-1, "file", e.code(), e.getMessage()));
    }
    return verify(chain);
  }

  public static List<ChainProblem> verify(EventChain chain) {
    return verify(chain, null);
  }

  /**
   * Checks only that each event names the one before it as {@code previous} (the first: the chain's
   * initial hash), for chains whose hashes and signatures were verified before.
   */
  public static List<ChainProblem> links(EventChain chain) {
    List<ChainProblem> problems = new ArrayList<>();
    List<Event> events = chain.events();
    String expected = events.isEmpty() ? null : ChainId.fromBase58(chain.id()).initialHash();
    for (int i = 0; i < events.size(); i++) {
      if (!events.get(i).previous().equals(expected)) {
        problems.add(
            new ChainProblem(
                i,
                "previous",
                "workflow.event_link",
                "previous is " + events.get(i).previous() + " but should be " + expected));
      }
      expected = events.get(i).hash();
    }
    return problems;
  }

  /**
   * Verifies the chain and, when {@code receipts} is given, every receipt present: a receipt that
   * does not prove its event's hash is a problem on field {@code receipt} with the checker's code.
   */
  public static List<ChainProblem> verify(EventChain chain, ReceiptCheck receipts) {
    return verify(chain, receipts, 0);
  }

  /**
   * Verifies the chain's id and its events from index {@code from} on, for a copy whose first
   * {@code from} events are known to be the same (by hash) as ones verified before; event {@code
   * from} must still link to the hash of the event before it.
   */
  public static List<ChainProblem> verifyFrom(EventChain chain, int from) {
    return verify(chain, null, from);
  }

  private static List<ChainProblem> verify(EventChain chain, ReceiptCheck receipts, int from) {
    List<ChainProblem> problems = new ArrayList<>();
    ChainId id = null;
    try {
      id = ChainId.fromBase58(chain.id());
    } catch (SteleException e) {
      problems.add(new ChainProblem(-1, "id", e.code(), e.getMessage()));
    }
    List<Event> events = chain.events();
    for (int i = from; i < events.size(); i++) {
      Event event = events.get(i);
      String expectedPrevious =
          i > 0 ? events.get(i - 1).hash() : id == null ? null : id.initialHash();
      if (expectedPrevious != null && !expectedPrevious.equals(event.previous())) {
        String after = i > 0 ? "the hash of event " + (i - 1) : "the initial hash of the chain id";
        problems.add(
            new ChainProblem(
                i,
                "previous",
                "workflow.event_link",
                "previous is " + event.previous() + " but " + after + " is " + expectedPrevious));
      }
      PublicKey key = null;
      try {
        key = PublicKey.fromBase58(event.signkey());
      } catch (SteleException e) {
        problems.add(
            new ChainProblem(
                i,
                "signkey",
                "workflow.event_signkey",
                "signkey is not an Ed25519 key: " + e.getMessage()));
      }
      try {
        event.bodyBytes();
      } catch (SteleException e) {
        problems.add(new ChainProblem(i, "body", "workflow.event_body", e.getMessage()));
        continue;
      }
      String computed = event.computedHash();
      if (!computed.equals(event.hash())) {
        problems.add(
            new ChainProblem(
                i,
                "hash",
                "workflow.event_hash",
                "hash is " + event.hash() + " but SHA-256 of the message is " + computed));
      }
      if (key != null && !event.signatureValid()) {
        problems.add(
            new ChainProblem(
                i,
                "signature",
                "workflow.event_signature",
                "signature does not verify for signkey " + event.signkey()));
      }
      Event first = event.originalEvent();
      if (first != null && !first.computedHash().equals(first.hash())) {
        problems.add(
            new ChainProblem(
                i,
                "original.hash",
                "workflow.event_hash",
                "original hash is "
                    + first.hash()
                    + " but SHA-256 of its message is "
                    + first.computedHash()));
      }
      if (first != null && !first.signatureValid()) {
        problems.add(
            new ChainProblem(
                i,
                "original.signature",
                "workflow.event_signature",
                "original signature does not verify for signkey " + first.signkey()));
      }
      if (receipts != null && !event.receipt().isNull()) {
        checkReceipt(event, i, receipts, problems);
      }
      if (i == 0 && id != null && key != null && !id.isCreatedBy(key)) {
        problems.add(
            new ChainProblem(
                -1,
                "id",
                "workflow.chain_creator",
                "chain id was not derived from the first event's signkey " + event.signkey()));
      }
    }
    return problems;
  }

  private static void checkReceipt(
      Event event, int index, ReceiptCheck receipts, List<ChainProblem> problems) {
    try {
      receipts.check(
          Bytes.fromBase58(event.hash(), Anchorer.MAX_HASH_LENGTH), Json.write(event.receipt()));
    } catch (SteleException e) {
      problems.add(new ChainProblem(index, "receipt", e.code(), e.getMessage()));
    }
  }
}
