package io.stele.ledger.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import io.stele.core.anchor.Anchorer;
import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.HashFunction;
import io.stele.core.error.SteleException;
import io.stele.core.merkle.InclusionProof;
import io.stele.ledger.block.BlockHeader;
import io.stele.ledger.block.FinalityCertificate;
import io.stele.ledger.block.WitnessSet;
import io.stele.ledger.consensus.TermSchedule;
import io.stele.ledger.genesis.Genesis;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a receipt offline, trusting no node: the witness-set changes it carries from the genesis
 * set to its block's set, the finality certificate against that set, the header hash, both anchor
 * proofs against the header's anchor roots and the transaction proof against its transactions root.
 * Any mismatch throws a {@link SteleException} (code {@code receipt.*} or {@code certificate.*})
 * naming what does not check out. Verified headers and set changes are cached, so the receipts of
 * one block cost only their proofs after the first.
 */
public final class ReceiptVerifier {
  private static final int CACHED_HEADERS = 1024;
  private static final int MAX_CACHED_TRANSACTIONS = 100_000;
  private static final int CACHED_SET_CHANGES = 1024;

  /** Links a receipt may carry: about 16 MiB of JSON at 21 witnesses, a receipt file's limit. */
  public static final int MAX_SET_CHANGES = 4096;

  private static final Map<Genesis, ReceiptVerifier> SHARED = new IdentityHashMap<>();

  /** What a verified receipt proves. */
  public record Verified(
      Bytes targetHash,
      byte chainId,
      long height,
      Bytes blockHash,
      int position,
      Bytes transactionId) {}

  private record HeaderKey(String header, String certificate) {}

  /**
   * A header whose certificate checked out, with its hash in both forms, and the transaction proofs
   * already checked against it (about a hundred receipts share each anchor transaction).
   */
  private record TrustedHeader(
      BlockHeader header,
      Bytes hash,
      String hashBase58,
      Map<TransactionClaim, Bytes> verifiedTransactions) {}

  /** The exact text of a receipt's transaction fields. */
  private record TransactionClaim(String id, long index, JsonNode proof) {}

  /** A set-change link as written, and the hash of the set in force before it. */
  private record LinkKey(Bytes inForce, JsonNode link) {}

  /** A link that checked out, and the set in force after it. */
  private record VerifiedLink(WitnessSetChange link, SetInForce after) {}

  /** The set in force after a receipt's set changes, and the first height it produces. */
  private record SetInForce(WitnessSet witnesses, Bytes hash, long fromHeight) {}

  private final Genesis genesis;
  private final TermSchedule schedule;
  private final SetInForce genesisSet;

  private final VerifiedNodes verifiedNodes = new VerifiedNodes();

  /** Lock-free for parallel batches; cleared when full (re-verifying a header is cheap). */
  private final Map<HeaderKey, TrustedHeader> verifiedHeaders = new ConcurrentHashMap<>();

  /** Links whose certificate and set checked out against the set in force before them. */
  private final Map<LinkKey, VerifiedLink> verifiedLinks = new ConcurrentHashMap<>();

  public ReceiptVerifier(Genesis genesis) {
    this.genesis = genesis;
    this.schedule = new TermSchedule(genesis.parameters().consensus());
    WitnessSet witnesses = new WitnessSet(0, genesis.witnesses());
    this.genesisSet = new SetInForce(witnesses, witnesses.hash(), 0);
  }

  /** Verifies with a verifier shared per genesis object, so repeated calls reuse its cache. */
  public static Verified verify(JsonNode receipt, Genesis genesis) {
    ReceiptVerifier verifier;
    synchronized (SHARED) {
      if (SHARED.size() > 16 && !SHARED.containsKey(genesis)) {
        SHARED.clear();
      }
      verifier = SHARED.computeIfAbsent(genesis, ReceiptVerifier::new);
    }
    return verifier.check(receipt);
  }

  public Verified check(JsonNode receipt) {
    if (receipt == null || !receipt.isObject()) {
      throw new SteleException("receipt.field", "a receipt is a JSON object");
    }
    expect(receipt, "@context", BlockReceipts.CONTEXT);
    expect(receipt, "type", BlockReceipts.TYPE);
    String chain = Encodings.text(receipt.get("chainId"), "chainId");
    if (!chain.equals(String.valueOf((char) genesis.chainId()))) {
      throw new SteleException(
          "receipt.chain",
          "receipt is for chain '" + chain + "', not '" + (char) genesis.chainId() + "'");
    }
    TrustedHeader trusted = header(receipt, setInForce(receipt.get("witnessSetChanges")));
    BlockHeader header = trusted.header();
    JsonNode anchors = receipt.get("anchors");
    if (anchors == null || !anchors.isArray() || anchors.size() != 1) {
      throw new SteleException("receipt.anchor", "anchors must hold exactly one STELE anchor");
    }
    JsonNode anchor = anchors.get(0);
    expect(anchor, "type", BlockReceipts.ANCHOR_TYPE);
    // The canonical base58 of the verified header's hash is the only text that can match.
    if (!Encodings.text(anchor.get("block"), "anchors[0].block").equals(trusted.hashBase58())) {
      throw new SteleException("receipt.block", "anchors[0].block is not the header's hash");
    }
    if (Encodings.integer(anchor.get("height"), "anchors[0].height") != header.height()) {
      throw new SteleException("receipt.height", "anchors[0].height is not the header's height");
    }
    long position = Encodings.integer(anchor.get("position"), "anchors[0].position");
    byte[] target =
        Encodings.hex(receipt.get("targetHash"), Anchorer.MAX_HASH_LENGTH, "targetHash");
    checkProof(
        receipt.get("merkleRoot"),
        receipt.get("proof"),
        HashFunction.SHA256,
        position,
        header.anchorCount(),
        target,
        header.anchorRootSha256(),
        "SHA-256 anchor proof");
    JsonNode sha3 = receipt.get("sha3");
    if (sha3 == null || !sha3.isObject()) {
      throw new SteleException("receipt.field", "sha3 is missing");
    }
    checkProof(
        sha3.get("merkleRoot"),
        sha3.get("proof"),
        HashFunction.SHA3_256,
        position,
        header.anchorCount(),
        target,
        header.anchorRootSha3(),
        "SHA3-256 anchor proof");
    Bytes txId = transaction(trusted, anchor);
    return new Verified(
        Bytes.wrap(target),
        header.chainId(),
        header.height(),
        trusted.hash(),
        (int) position,
        txId);
  }

  /** Verifies a batch on all cores; throws on the first receipt that does not check out. */
  public List<Verified> checkAll(List<? extends JsonNode> receipts) {
    return receipts.parallelStream().map(this::check).toList();
  }

  private Bytes transaction(TrustedHeader trusted, JsonNode anchor) {
    BlockHeader header = trusted.header();
    TransactionClaim claim =
        new TransactionClaim(
            Encodings.text(anchor.get("transaction"), "anchors[0].transaction"),
            Encodings.integer(anchor.get("transactionIndex"), "anchors[0].transactionIndex"),
            anchor.get("transactionProof"));
    if (claim.proof() != null) {
      Bytes known = trusted.verifiedTransactions().get(claim);
      if (known != null) {
        return known;
      }
    }
    Bytes txId = Encodings.base58(anchor.get("transaction"), 32, "anchors[0].transaction");
    long txIndex = claim.index();
    InclusionProof txProof =
        ProofSteps.fromJson(
            anchor.get("transactionProof"),
            HashFunction.SHA256,
            txIndex,
            header.transactionCount(),
            "transaction proof");
    if (txId.length() != 32
        || !txProof.verify(txId.unsafeArray(), header.transactionsRoot().unsafeArray())) {
      throw new SteleException(
          "receipt.transaction", "anchors[0].transaction is not in the block's transactions");
    }
    if (trusted.verifiedTransactions().size() < MAX_CACHED_TRANSACTIONS) {
      // A private copy: the caller may change its receipt after this call.
      trusted
          .verifiedTransactions()
          .put(new TransactionClaim(claim.id(), claim.index(), claim.proof().deepCopy()), txId);
    }
    return txId;
  }

  /**
   * Walks the receipt's set changes from the genesis set: each link's header must be a snapshot
   * after the one before, produced and finalized by the set in force at its height, and commit the
   * hash of the set it lists, which differs from the set in force. The last set is in force from
   * its term's first height (after the interim).
   */
  private SetInForce setInForce(JsonNode changes) {
    if (changes == null) {
      return genesisSet;
    }
    if (!changes.isArray() || changes.isEmpty() || changes.size() > MAX_SET_CHANGES) {
      throw new SteleException(
          "receipt.set_change",
          "witnessSetChanges must be a list of 1 to "
              + MAX_SET_CHANGES
              + " links (absent when the genesis witnesses produced the block)");
    }
    SetInForce inForce = genesisSet;
    long previousSnapshot = 0;
    for (int i = 0; i < changes.size(); i++) {
      VerifiedLink link =
          link(changes.get(i), "witnessSetChanges[" + i + "]", inForce, previousSnapshot);
      previousSnapshot = link.link().header().height();
      inForce = link.after();
    }
    return inForce;
  }

  /**
   * One link checked against the set in force before it and the snapshot of the link before
   * (remembered once it checks out, with the set it was checked against).
   */
  private VerifiedLink link(JsonNode node, String what, SetInForce inForce, long previousSnapshot) {
    VerifiedLink known = verifiedLinks.get(new LinkKey(inForce.hash(), node));
    if (known != null) {
      checkOrder(known.link().header(), what, previousSnapshot);
      return known;
    }
    WitnessSetChange link =
        WitnessSetChange.fromJson(node, what, genesis.parameters().consensus().termBlocks());
    BlockHeader header = link.header();
    checkOrder(header, what, previousSnapshot);
    if (header.chainId() != genesis.chainId()) {
      throw new SteleException("receipt.chain", what + ".header is for another chain");
    }
    if (!header.witnessSetHash().equals(inForce.hash())) {
      throw new SteleException(
          "receipt.set_change_witnesses",
          what
              + ".header names a witness set other than the one in force at height "
              + header.height()
              + " (a change before it is missing or out of order)");
    }
    try {
      link.certificate().verify(header, inForce.witnesses());
    } catch (SteleException e) {
      throw new SteleException(e.code(), what + ".finalityCertificate: " + e.getMessage(), e);
    }
    Bytes elected = link.elected().hash();
    if (!elected.equals(header.nextWitnessSetHash())) {
      throw new SteleException(
          "receipt.set_change_hash",
          what + ".witnesses do not hash to the header's nextWitnessSetHash");
    }
    if (elected.equals(inForce.hash())) {
      throw new SteleException(
          "receipt.set_change_hash", what + " elects the members already in force: no change");
    }
    WitnessSet set = link.elected();
    VerifiedLink verified =
        new VerifiedLink(
            link, new SetInForce(set, elected, schedule.term(set.term()).firstHeight()));
    if (verifiedLinks.size() >= CACHED_SET_CHANGES) {
      verifiedLinks.clear();
    }
    // A private copy: the caller may change its receipt after this call.
    verifiedLinks.put(new LinkKey(inForce.hash(), node.deepCopy()), verified);
    return verified;
  }

  private void checkOrder(BlockHeader header, String what, long previousSnapshot) {
    long height = header.height();
    if (!schedule.isSnapshot(height) || height <= previousSnapshot) {
      throw new SteleException(
          "receipt.set_change_order",
          what
              + ".header is for height "
              + height
              + ", not a snapshot height after "
              + previousSnapshot);
    }
  }

  private TrustedHeader header(JsonNode receipt, SetInForce inForce) {
    HeaderKey key =
        new HeaderKey(
            Encodings.text(receipt.get("header"), "header"),
            Encodings.text(receipt.get("finalityCertificate"), "finalityCertificate"));
    TrustedHeader cached = verifiedHeaders.get(key);
    if (cached != null) {
      // Its certificate checked out against the set its header names; is that set in force here?
      checkWitnesses(cached.header(), inForce);
      return cached;
    }
    BlockHeader header;
    FinalityCertificate certificate;
    try {
      header =
          BlockHeader.decode(Encodings.base64(receipt.get("header"), BlockHeader.LENGTH, "header"));
      certificate =
          FinalityCertificate.decode(
              Encodings.base64(
                  receipt.get("finalityCertificate"), 64 * 1024, "finalityCertificate"));
    } catch (SteleException e) {
      throw new SteleException("receipt.header", "header or certificate: " + e.getMessage(), e);
    }
    if (header.chainId() != genesis.chainId()) {
      throw new SteleException("receipt.chain", "header is for another chain");
    }
    checkWitnesses(header, inForce);
    certificate.verify(header, inForce.witnesses());
    Bytes hash = header.hash();
    TrustedHeader trusted =
        new TrustedHeader(header, hash, hash.toBase58(), new ConcurrentHashMap<>());
    if (verifiedHeaders.size() >= CACHED_HEADERS) {
      verifiedHeaders.clear();
    }
    verifiedHeaders.put(key, trusted);
    return trusted;
  }

  private static void checkWitnesses(BlockHeader header, SetInForce inForce) {
    if (header.height() < inForce.fromHeight()) {
      throw new SteleException(
          "receipt.set_change_order",
          "the last witness set change takes effect at height "
              + inForce.fromHeight()
              + ", after the receipt's block "
              + header.height());
    }
    if (!header.witnessSetHash().equals(inForce.hash())) {
      throw new SteleException(
          "receipt.witnesses",
          "header names a witness set other than the one the genesis and witnessSetChanges lead"
              + " to (a set change is missing)");
    }
  }

  private void checkProof(
      JsonNode rootNode,
      JsonNode steps,
      HashFunction hash,
      long position,
      long size,
      byte[] leafData,
      Bytes headerRoot,
      String what) {
    byte[] root = Encodings.hex(rootNode, 32, what + " merkleRoot");
    if (!Arrays.equals(root, headerRoot.unsafeArray())) {
      throw new SteleException(
          "receipt.merkle_root", what + ": merkleRoot is not the header's anchor root");
    }
    ProofSteps.Read read = ProofSteps.read(steps, position, size, what);
    if (!verifiedNodes.leadsTo(hash, position, size, read, leafData, headerRoot)) {
      throw new SteleException(
          "receipt.proof", what + ": targetHash and proof do not lead to merkleRoot");
    }
  }

  private static void expect(JsonNode node, String field, String value) {
    if (!value.equals(Encodings.text(node.get(field), field))) {
      throw new SteleException("receipt.field", field + " must be \"" + value + "\"");
    }
  }
}
