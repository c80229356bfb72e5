package io.stele.ledger.sync;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.address.Address;
import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.PublicKey;
import io.stele.ledger.node.FinalChain;
import io.stele.ledger.node.FollowerNode;
import io.stele.ledger.node.LedgerNode;
import io.stele.ledger.node.SoloNode;
import io.stele.ledger.node.WitnessNode;
import io.stele.net.Message;
import io.stele.net.Transport;
import io.stele.net.TransportStats;
import io.stele.net.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A ledger node on the peer network, as the API and the command line see it: the node's own views,
 * plus transactions submitted here relayed to the peers, and a status that shows the peers and how
 * far this node lags behind the best of them. Closing it closes the transport, then the node.
 */
public final class NetworkedNode implements LedgerNode {

  /** Where a peer is and how it behaved, for the status view; the transport knows. */
  public interface PeerDetails {
    /** The peer's address (host:port), or empty when not known. */
    String address(PublicKey peer);

    /** The peer's score (0 is clean; offences lower it). */
    int score(PublicKey peer);

    /** For transports that know neither, such as the simulator. */
    PeerDetails NONE =
        new PeerDetails() {
          @Override
          public String address(PublicKey peer) {
            return "";
          }

          @Override
          public int score(PublicKey peer) {
            return 0;
          }
        };
  }

  private final LedgerNode node;
  private final LedgerPeers peers;
  private final PeerDetails details;

  private NetworkedNode(LedgerNode node, LedgerPeers peers, PeerDetails details) {
    this.node = node;
    this.peers = peers;
    this.details = details;
  }

  /**
   * Puts a witness on the network: it serves its chain, admits relayed transactions, and announces
   * each block it finalizes.
   */
  public static NetworkedNode witness(SoloNode node, Transport transport, PeerDetails details) {
    LedgerPeers peers =
        new LedgerPeers(transport, node.chain(), node::submit, Optional.empty())
            .announceCommits()
            .start();
    return new NetworkedNode(node, peers, details);
  }

  /**
   * Puts a witness of a multi-witness chain on the network: its consensus engine gets the consensus
   * messages, block sync brings it up to its peers' final head through the engine (and fetches what
   * the engine finds missing), and it announces each block it finalizes when followers listen.
   */
  public static NetworkedNode witness(
      WitnessNode node, Transport transport, BlockSync.Settings settings, PeerDetails details) {
    return witness(node, transport, settings, details, RelayedAdmission.ON_TRANSPORT_THREAD);
  }

  /** Where a node admits the transactions its peers relay. */
  public enum RelayedAdmission {
    /** On the transport's thread, with everything else: what a deterministic simulation needs. */
    ON_TRANSPORT_THREAD,
    /** On a thread of their own, so their signature checks never hold up consensus messages. */
    ON_OWN_THREAD
  }

  /** As above, admitting relayed transactions where {@code admission} says. */
  public static NetworkedNode witness(
      WitnessNode node,
      Transport transport,
      BlockSync.Settings settings,
      PeerDetails details,
      RelayedAdmission admission) {
    FinalChain chain = node.chain();
    HeaderCheck check = new HeaderCheck(chain.genesis().chainId(), chain::witnessSet);
    BlockSync sync = new BlockSync(transport, chain, check, settings, node::commitCertified);
    node.start(transport, (height, peer) -> sync.peerHas(peer, height));
    LedgerPeers peers = new LedgerPeers(transport, chain, node::admit, Optional.of(sync));
    if (admission == RelayedAdmission.ON_OWN_THREAD) {
      peers.admitOnOwnThread();
    }
    peers
        .routeConsensus(
            new LedgerPeers.Consensus() {
              @Override
              public Verdict onMessage(PublicKey from, Message message) {
                return node.onConsensusMessage(from, message);
              }

              @Override
              public void onPeerConnected(PublicKey peer) {
                node.onPeerConnected(peer);
              }
            })
        .announceCommitsToFollowers()
        .start();
    return new NetworkedNode(node, peers, details);
  }

  /**
   * Puts a follower on the network: it syncs its chain from the peers and keeps following their
   * announcements, and relays transactions towards the witnesses.
   */
  public static NetworkedNode follower(
      FollowerNode node, Transport transport, BlockSync.Settings settings, PeerDetails details) {
    FinalChain chain = node.chain();
    HeaderCheck check = new HeaderCheck(chain.genesis().chainId(), chain::witnessSet);
    BlockSync sync = new BlockSync(transport, chain, check, settings);
    LedgerPeers peers = new LedgerPeers(transport, chain, node::admit, Optional.of(sync)).start();
    return new NetworkedNode(node, peers, details);
  }

  /** The sync progress of a follower; empty for a witness. */
  public Optional<BlockSync.Progress> progress() {
    return peers.sync().map(BlockSync::progress);
  }

  /**
   * The node's status plus {@code peers} (each {@code publicKey}, {@code address}, {@code score},
   * {@code finalHeight} when it reported one), {@code bestPeerFinalHeight} and {@code lag}: how
   * many final blocks the best peer has that this node has not, and {@code network}: the
   * transport's counters since it started (a message refused because a peer's outbound queue was
   * full is a message that peer never got).
   */
  @Override
  public ObjectNode status() {
    ObjectNode o = node.status();
    long local = o.path("finalHeight").asLong();
    Map<PublicKey, Long> heights = peers.peerFinalHeights();
    List<PublicKey> connected = new ArrayList<>(peers.transport().peers());
    connected.sort(null);
    ArrayNode list = o.putArray("peers");
    long best = local;
    for (PublicKey peer : connected) {
      ObjectNode p =
          list.addObject()
              .put("publicKey", peer.toString())
              .put("address", details.address(peer))
              .put("score", details.score(peer));
      Long height = heights.get(peer);
      if (height != null) {
        p.put("finalHeight", height);
        best = Math.max(best, height);
      }
    }
    o.put("bestPeerFinalHeight", best);
    o.put("lag", best - local);
    TransportStats stats = peers.transport().stats();
    o.putObject("network")
        .put("sent", stats.sent())
        .put("received", stats.received())
        .put("duplicates", stats.duplicates())
        .put("queueFull", stats.queueFull())
        .put("tooLarge", stats.tooLarge())
        .put("penalties", stats.penalties())
        .put("bans", stats.bans());
    progress()
        .ifPresent(p -> o.putObject("sync").put("synced", p.synced()).put("target", p.target()));
    return o;
  }

  @Override
  public Optional<ObjectNode> block(long height) {
    return node.block(height);
  }

  @Override
  public Optional<ObjectNode> block(Bytes hash) {
    return node.block(hash);
  }

  @Override
  public Optional<ObjectNode> transaction(Bytes id) {
    return node.transaction(id);
  }

  @Override
  public ObjectNode account(Address address, int page, int pageSize) {
    return node.account(address, page, pageSize);
  }

  /** Admits the transaction here, then gossips it so it reaches the witnesses. */
  @Override
  public ObjectNode submit(byte[] signedTransaction) {
    ObjectNode answer = node.submit(signedTransaction);
    peers.relay(signedTransaction.clone());
    return answer;
  }

  @Override
  public ObjectNode anchor(List<Bytes> hashes) {
    return node.anchor(hashes);
  }

  @Override
  public Optional<ObjectNode> receipt(Bytes hash) {
    return node.receipt(hash);
  }

  @Override
  public ObjectNode witnesses() {
    return node.witnesses();
  }

  @Override
  public ObjectNode candidates() {
    return node.candidates();
  }

  @Override
  public Subscription onFinalizedBlock(Consumer<ObjectNode> listener) {
    return node.onFinalizedBlock(listener);
  }

  @Override
  public Subscription onReceipt(Consumer<ObjectNode> listener) {
    return node.onReceipt(listener);
  }

  /** The transport this node's peers talk to it over. */
  public Transport transport() {
    return peers.transport();
  }

  /** The node inside, e.g. a witness's {@link SoloNode} for its anchoring service. */
  public LedgerNode node() {
    return node;
  }

  @Override
  public void close() {
    try {
      peers.transport().close();
      peers.close();
    } finally {
      node.close();
    }
  }
}
