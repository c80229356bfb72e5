package io.stele.ledger.sync;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.ledger.block.Block;
import io.stele.ledger.block.FinalityCertificate;
import io.stele.ledger.node.FinalChain;
import io.stele.ledger.sync.SyncMessages.Blocks;
import io.stele.ledger.sync.SyncMessages.CertifiedHeader;
import io.stele.ledger.sync.SyncMessages.FinalBlock;
import io.stele.ledger.sync.SyncMessages.Headers;
import io.stele.ledger.sync.SyncMessages.Range;
import io.stele.ledger.sync.SyncMessages.Status;
import io.stele.net.Scheduled;
import io.stele.net.Transport;
import io.stele.net.Verdict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Brings a node's final chain up to its peers' and keeps it there. It learns each peer's final
 * height (from {@link LedgerPeers}); while some peer is ahead it fetches certified headers first
 * (each verified by {@link HeaderCheck} against the one before, starting from the local head), then
 * the blocks of verified headers from any peer that has them, several requests in flight, and
 * executes and commits them in height order, one batch each. Once caught up it follows {@link
 * MessageTypes#FINAL_BLOCK} announcements. A peer whose answer does not check out is reported to
 * the transport and avoided for a while; a peer that does not answer in time is avoided too;
 * another peer gets the request.
 *
 * <p>Runs only on the transport's inbound thread (handler and timers), so it needs no locks; the
 * progress figures are published for other threads.
 */
public final class BlockSync {

  /**
   * @param headersPerRequest headers asked for at once (at most {@link SyncMessages#MAX_HEADERS})
   * @param blocksPerRequest blocks asked for at once (at most {@link SyncMessages#MAX_BLOCKS})
   * @param blockRequests block requests in flight at once
   * @param maxPendingHeaders verified headers held before their blocks are committed
   * @param requestTimeoutMillis how long a peer may take to answer
   * @param avoidMillis how long a peer that failed a request is skipped
   */
  public record Settings(
      int headersPerRequest,
      int blocksPerRequest,
      int blockRequests,
      int maxPendingHeaders,
      long requestTimeoutMillis,
      long avoidMillis) {
    public static final Settings DEFAULT = new Settings(128, 16, 4, 1024, 5_000, 2_000);

    public Settings {
      if (headersPerRequest < 1
          || headersPerRequest > SyncMessages.MAX_HEADERS
          || blocksPerRequest < 1
          || blocksPerRequest > SyncMessages.MAX_BLOCKS
          || blockRequests < 1
          || maxPendingHeaders < headersPerRequest
          || requestTimeoutMillis < 1
          || avoidMillis < 0) {
        throw new IllegalArgumentException("sync settings out of range");
      }
    }
  }

  /** How far the node is: its final height and the best final height a peer reported. */
  public record Progress(long synced, long target) {
    public long lag() {
      return Math.max(0, target - synced);
    }
  }

  private record Request(PublicKey peer, Range range, Scheduled timeout) {
    long end() {
      return range.from() + range.count() - 1;
    }
  }

  private record Fetched(Block block, PublicKey from) {}

  /**
   * Executes and commits a verified final block; throws a SteleException when it does not check
   * out. A follower executes into its chain; a witness hands the block to its consensus engine.
   */
  public interface Committer {
    void commit(Block block, FinalityCertificate certificate);
  }

  private final Transport transport;
  private final FinalChain chain;
  private final HeaderCheck check;
  private final Settings settings;
  private final Committer committer;

  private final Map<PublicKey, Long> peerFinal = new HashMap<>();
  private final Map<PublicKey, Long> avoidUntil = new HashMap<>();
  private final TreeMap<Long, CertifiedHeader> headers = new TreeMap<>();
  private final TreeMap<Long, Request> blockRequests = new TreeMap<>();
  private final TreeMap<Long, Fetched> fetched = new TreeMap<>();
  private Request headerRequest;
  private volatile Progress progress;

  public BlockSync(Transport transport, FinalChain chain, HeaderCheck check, Settings settings) {
    this(transport, chain, check, settings, chain::execute);
  }

  public BlockSync(
      Transport transport,
      FinalChain chain,
      HeaderCheck check,
      Settings settings,
      Committer committer) {
    this.committer = committer;
    this.transport = transport;
    this.chain = chain;
    this.check = check;
    this.settings = settings;
    long local = chain.head().height();
    this.progress = new Progress(local, local);
  }

  public Progress progress() {
    return progress;
  }

  /** Sends what is due now (a peer's avoidance over, a new peer ahead); called periodically. */
  void poll() {
    pump();
  }

  // ---- inputs ----------------------------------------------------------------------------

  void peerDisconnected(PublicKey peer) {
    peerFinal.remove(peer);
    if (headerRequest != null && headerRequest.peer().equals(peer)) {
      cancel(headerRequest);
      headerRequest = null;
    }
    blockRequests.values().removeIf(r -> r.peer().equals(peer) && cancel(r));
    pump();
  }

  /** {@code peer} has shown a final block at {@code finalHeight}: fetch up to it. */
  public void peerHas(PublicKey peer, long finalHeight) {
    reported(peer, finalHeight);
    pump();
  }

  Verdict onStatus(PublicKey peer, Status status) {
    reported(peer, status.finalHeight());
    pump();
    return Verdict.ACCEPT;
  }

  Verdict onHeaders(PublicKey peer, Headers answer) {
    Request request = headerRequest;
    if (request == null
        || !request.peer().equals(peer)
        || request.range().from() != answer.from()) {
      return Verdict.IGNORE; // late or unasked: nothing to check it against
    }
    cancel(request);
    headerRequest = null;
    List<CertifiedHeader> received = answer.headers();
    if (received.size() > request.range().count()) {
      invalid(peer, received.size() + " headers for a request of " + request.range().count());
      return Verdict.IGNORE;
    }
    if (received.isEmpty()) {
      avoid(peer); // it no longer has them (or never had): ask someone else
    }
    for (CertifiedHeader header : received) {
      Map.Entry<Long, CertifiedHeader> last = headers.lastEntry();
      long parentHeight = last == null ? chain.head().height() : last.getKey();
      Bytes parentHash = last == null ? chain.head().hash() : last.getValue().hash();
      try {
        check.verify(header, parentHeight, parentHash);
      } catch (SteleException e) {
        invalid(peer, e.code() + ": " + e.getMessage());
        break;
      }
      headers.put(header.header().height(), header);
    }
    pump();
    return Verdict.ACCEPT;
  }

  Verdict onBlocks(PublicKey peer, Blocks answer) {
    Request request = blockRequests.get(answer.from());
    if (request == null || !request.peer().equals(peer)) {
      return Verdict.IGNORE;
    }
    blockRequests.remove(answer.from());
    cancel(request);
    List<Block> received = answer.blocks();
    if (received.size() > request.range().count()) {
      invalid(peer, received.size() + " blocks for a request of " + request.range().count());
    } else if (received.isEmpty()) {
      avoid(peer);
    } else {
      long height = answer.from();
      for (Block block : received) {
        CertifiedHeader header = headers.get(height);
        if (block.height() != height || header == null || !block.hash().equals(header.hash())) {
          invalid(peer, "block " + block.height() + " is not the verified block " + height);
          break;
        }
        // Block.decode has checked the body against the header's roots and counts.
        fetched.put(height, new Fetched(block, peer));
        height++;
      }
    }
    pump();
    return Verdict.ACCEPT;
  }

  /**
   * A block announced as final. The next block is verified and committed at once; one further ahead
   * only tells that the sender has it, and sync fetches what lies between.
   */
  Verdict onFinalBlock(PublicKey peer, FinalBlock announced) {
    long height = announced.block().height();
    reported(peer, height);
    long local = chain.head().height();
    if (height != local + 1) {
      pump();
      return Verdict.IGNORE;
    }
    try {
      check.verify(announced.header(), local, chain.head().hash());
      committer.commit(announced.block(), announced.certificate());
    } catch (SteleException e) {
      return Verdict.REJECT;
    }
    pump();
    return Verdict.ACCEPT;
  }

  // ---- the driver ------------------------------------------------------------------------

  private void reported(PublicKey peer, long finalHeight) {
    peerFinal.merge(peer, finalHeight, Math::max);
  }

  /** Commits what can be committed, then sends the requests that are due. */
  private void pump() {
    commitReady();
    long local = chain.head().height();
    long target = peerFinal.values().stream().mapToLong(Long::longValue).max().orElse(local);
    progress = new Progress(local, Math.max(local, target));
    requestHeaders(target);
    requestBlocks();
  }

  private void commitReady() {
    long local = chain.head().height();
    headers.headMap(local, true).clear();
    fetched.headMap(local, true).clear();
    while (fetched.containsKey(local + 1) && headers.containsKey(local + 1)) {
      Fetched next = fetched.remove(local + 1);
      CertifiedHeader header = headers.remove(local + 1);
      try {
        committer.commit(next.block(), header.certificate());
      } catch (SteleException e) {
        if (chain.isClosed()) {
          return; // the node is shutting down; nobody sent anything wrong
        }
        // The header was certified, yet the block does not execute to its state root: drop
        // everything fetched or asked for and start over from the local head, avoiding this peer.
        invalid(next.from(), e.code() + ": " + e.getMessage());
        startOver();
        return;
      }
      local++;
    }
  }

  private void startOver() {
    if (headerRequest != null) {
      cancel(headerRequest);
      headerRequest = null;
    }
    blockRequests.values().forEach(BlockSync::cancel);
    blockRequests.clear();
    headers.clear();
    fetched.clear();
  }

  private void requestHeaders(long target) {
    if (headerRequest != null || headers.size() >= settings.maxPendingHeaders()) {
      return;
    }
    long last = headers.isEmpty() ? chain.head().height() : headers.lastKey();
    // Headers past the last elected term name witnesses this node cannot know yet: fetch them
    // once the blocks up to that term's snapshot are executed.
    target = Math.min(target, chain.witnessHorizon());
    if (last >= target) {
      return;
    }
    int count =
        (int)
            Math.min(
                Math.min(settings.headersPerRequest(), target - last),
                settings.maxPendingHeaders() - headers.size());
    choosePeer(last + 1)
        .ifPresent(
            peer -> {
              Range range = new Range(last + 1, count);
              headerRequest = send(peer, range, MessageTypes.HEADERS_REQUEST);
            });
  }

  private void requestBlocks() {
    for (long h : List.copyOf(headers.keySet())) {
      if (blockRequests.size() >= settings.blockRequests()) {
        return;
      }
      if (fetched.containsKey(h) || covered(h)) {
        continue;
      }
      int count = 1;
      while (count < settings.blocksPerRequest()
          && headers.containsKey(h + count)
          && !fetched.containsKey(h + count)
          && !covered(h + count)) {
        count++;
      }
      Optional<PublicKey> peer = choosePeer(h + count - 1);
      if (peer.isEmpty()) {
        return;
      }
      blockRequests.put(h, send(peer.get(), new Range(h, count), MessageTypes.BLOCKS_REQUEST));
    }
  }

  private boolean covered(long height) {
    Map.Entry<Long, Request> r = blockRequests.floorEntry(height);
    return r != null && r.getValue().end() >= height;
  }

  private Request send(PublicKey peer, Range range, int type) {
    transport.send(peer, range.message(type));
    Request[] self = new Request[1];
    Scheduled timeout =
        transport.scheduler().schedule(settings.requestTimeoutMillis(), () -> timedOut(self[0]));
    self[0] = new Request(peer, range, timeout);
    return self[0];
  }

  private void timedOut(Request request) {
    boolean pending =
        request == headerRequest || blockRequests.get(request.range().from()) == request;
    if (!pending) {
      return;
    }
    if (request == headerRequest) {
      headerRequest = null;
    } else {
      blockRequests.remove(request.range().from());
    }
    avoid(request.peer());
    pump();
  }

  /**
   * A connected peer that has {@code height} final and is not being avoided: the one with the
   * fewest requests in flight, ties by key, so the same inputs give the same choice.
   */
  private Optional<PublicKey> choosePeer(long height) {
    long now = transport.scheduler().millis();
    PublicKey best = null;
    long bestLoad = Long.MAX_VALUE;
    for (PublicKey peer : sortedPeers()) {
      if (peerFinal.getOrDefault(peer, -1L) < height || avoidUntil.getOrDefault(peer, 0L) > now) {
        continue;
      }
      long load =
          blockRequests.values().stream().filter(r -> r.peer().equals(peer)).count()
              + (headerRequest != null && headerRequest.peer().equals(peer) ? 1 : 0);
      if (load < bestLoad) {
        best = peer;
        bestLoad = load;
      }
    }
    return Optional.ofNullable(best);
  }

  private List<PublicKey> sortedPeers() {
    List<PublicKey> peers = new ArrayList<>(transport.peers());
    peers.sort(null);
    return peers;
  }

  private void invalid(PublicKey peer, String reason) {
    transport.reportInvalid(peer, "sync: " + reason);
    avoid(peer);
  }

  private void avoid(PublicKey peer) {
    avoidUntil.put(peer, transport.scheduler().millis() + settings.avoidMillis());
  }

  private static boolean cancel(Request request) {
    request.timeout().cancel();
    return true;
  }
}
