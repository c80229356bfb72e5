package io.stele.ledger.node;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.address.Address;
import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.PublicKey;
import io.stele.ledger.block.Block;
import io.stele.ledger.block.BlockHeader;
import io.stele.ledger.block.Confirmation;
import io.stele.ledger.block.FinalityCertificate;
import io.stele.ledger.block.WitnessSet;
import io.stele.ledger.consensus.Offence;
import io.stele.ledger.consensus.Term;
import io.stele.ledger.consensus.TermSchedule;
import io.stele.ledger.state.Candidate;
import io.stele.ledger.state.LedgerState;
import io.stele.ledger.tx.Payload;
import io.stele.ledger.tx.Transaction;
import java.util.Comparator;
import java.util.Map;

/**
 * The JSON shapes of the facade's views (docs/ledger.md): amounts as decimal strings, ids, hashes
 * and keys in base58.
 */
final class Views {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private Views() {}

  static ObjectNode object() {
    return JSON.objectNode();
  }

  static ObjectNode block(Block block, FinalityCertificate certificate) {
    BlockHeader h = block.header();
    ObjectNode o = JSON.objectNode();
    o.put("height", h.height());
    o.put("hash", block.hash().toBase58());
    o.put("chainId", String.valueOf((char) h.chainId()));
    o.put("parentHash", h.parentHash().toBase58());
    o.put("timestamp", h.timestamp());
    o.put("producer", h.producer().toString());
    o.put("transactionsRoot", h.transactionsRoot().toBase58());
    o.put("anchorRootSha256", h.anchorRootSha256().toBase58());
    o.put("anchorRootSha3", h.anchorRootSha3().toBase58());
    o.put("anchorCount", h.anchorCount());
    o.put("stateRoot", h.stateRoot().toBase58());
    o.put("witnessSetHash", h.witnessSetHash().toBase58());
    o.put("nextWitnessSetHash", h.nextWitnessSetHash().toBase58());
    o.put("transactionCount", h.transactionCount());
    o.put("producerSignature", block.producerSignature().toBase58());
    ArrayNode ids = o.putArray("transactions");
    block.transactions().forEach(tx -> ids.add(tx.id().toBase58()));
    ObjectNode f = o.putObject("finalityCertificate");
    f.put("height", certificate.height());
    f.put("headerHash", certificate.headerHash().toBase58());
    ArrayNode cs = f.putArray("confirmations");
    for (Confirmation c : certificate.confirmations()) {
      cs.addObject()
          .put("witness", c.witness().toString())
          .put("signature", c.signature().toBase58());
    }
    return o;
  }

  static ObjectNode transaction(Transaction tx) {
    ObjectNode o = JSON.objectNode();
    o.put("id", tx.id().toBase58());
    o.put("type", tx.type().label());
    o.put("chainId", String.valueOf((char) tx.chainId()));
    o.put("sender", tx.senderAddress().toString());
    o.put("senderPublicKey", tx.sender().toString());
    o.put("nonce", tx.nonce());
    o.put("timestamp", tx.timestamp());
    o.put("fee", Long.toString(tx.fee()));
    switch (tx.payload()) {
      case Payload.Transfer t ->
          o.put("recipient", t.recipient().toString()).put("amount", Long.toString(t.amount()));
      case Payload.Anchor a -> {
        ArrayNode hashes = o.putArray("hashes");
        a.hashes().forEach(h -> hashes.add(h.toBase58()));
      }
      case Payload.RegisterCandidate c -> o.put("deposit", Long.toString(c.deposit()));
      case Payload.Vote v ->
          o.put("candidate", v.candidate().toString()).put("amount", Long.toString(v.amount()));
      case Payload.EvidenceReport e ->
          o.putObject("evidence")
              .put("id", e.evidence().id().toBase58())
              .put("offender", e.evidence().offender().toString())
              .put("height", e.evidence().height())
              .put("bytes", Bytes.wrap(e.evidence().encode()).toBase58());
    }
    o.put("signature", tx.signature().toBase58());
    return o;
  }

  static ObjectNode candidate(Candidate c, byte chainId) {
    return JSON.objectNode()
        .put("publicKey", c.key().toString())
        .put("address", Address.of(c.key(), chainId).toString())
        .put("deposit", Long.toString(c.deposit()))
        .put("votes", Long.toString(c.votes()))
        .put("weight", Long.toString(c.weight()));
  }

  /**
   * The term producing the block after the state's height, its witness set and threshold, the next
   * term's set once its snapshot is applied, and the offences punished so far.
   */
  static ObjectNode witnesses(LedgerState state) {
    byte chainId = state.genesis().chainId();
    TermSchedule schedule = state.schedule();
    Term term = schedule.termAt(state.height() + 1);
    ObjectNode o = term(term, state.witnessSetOfTerm(term.number()).orElseThrow(), chainId);
    state
        .witnessSetOfTerm(term.number() + 1)
        .ifPresent(next -> o.set("next", term(schedule.term(next.term()), next, chainId)));
    ArrayNode punished = o.putArray("punished");
    state.punishedOffences().entrySet().stream()
        .sorted(
            Comparator.comparing((Map.Entry<Offence, Long> e) -> e.getValue())
                .thenComparing(e -> e.getKey().witness().bytes()))
        .forEach(
            e ->
                punished
                    .addObject()
                    .put("witness", e.getKey().witness().toString())
                    .put("height", e.getKey().height())
                    .put("includedAt", e.getValue())
                    .put("bannedUntil", state.bannedUntil(e.getKey().witness()).orElseThrow()));
    return o;
  }

  private static ObjectNode term(Term term, WitnessSet set, byte chainId) {
    ObjectNode o = JSON.objectNode();
    o.put("term", term.number());
    o.put("firstHeight", term.firstHeight());
    o.put("lastHeight", term.lastHeight());
    o.put("snapshotHeight", term.snapshotHeight());
    o.put("threshold", set.threshold());
    o.put("witnessSetHash", set.hash().toBase58());
    ArrayNode list = o.putArray("witnesses");
    set.witnesses().forEach(w -> list.add(witness(w, chainId)));
    return o;
  }

  static ObjectNode witness(PublicKey key, byte chainId) {
    return JSON.objectNode()
        .put("publicKey", key.toString())
        .put("address", Address.of(key, chainId).toString());
  }
}
