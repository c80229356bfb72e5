package io.stele.node.custody;

import com.fasterxml.jackson.databind.JsonNode;
import io.stele.api.RouteGroup;
import io.stele.api.custody.KeyHolderRoutes;
import io.stele.api.custody.KeyServiceRoutes;
import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.core.random.SecureRng;
import io.stele.exchange.sealed.BatchAnchorVerifier;
import io.stele.exchange.sealed.EpochCustody;
import io.stele.exchange.sealed.HolderKey;
import io.stele.exchange.sealed.KeyHolderService;
import io.stele.exchange.sealed.KeyService;
import io.stele.exchange.sealed.KeyShare;
import io.stele.exchange.sealed.RemoteCustody;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node runs for the custody of sealed-market epoch keys, as its {@link CustodySettings} say:
 * the key service (its node key signs the epochs), a key holder (its agreement key derived from the
 * node key, its shares in its own directory, following the venue every {@value #FOLLOW_MILLIS} ms),
 * and for its venue the {@link RemoteCustody} that reaches them over HTTP.
 */
public final class NodeCustody implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeCustody.class);
  static final long FOLLOW_MILLIS = 100;

  /** A node with no part in custody. */
  public static final NodeCustody NONE =
      new NodeCustody(List.of(), Optional.empty(), Optional.empty());

  private final List<RouteGroup> routes;
  private final Optional<ScheduledExecutorService> follower;
  private final Optional<EpochCustody> venueCustody;

  private NodeCustody(
      List<RouteGroup> routes,
      Optional<ScheduledExecutorService> follower,
      Optional<EpochCustody> venueCustody) {
    this.routes = routes;
    this.follower = follower;
    this.venueCustody = venueCustody;
  }

  /**
   * Starts the parts {@code settings} name: the key service keeps its signed epochs in {@code
   * keyServiceDir}, the holder its shares in {@code keyHolderDir}; {@code anchors} is how the
   * holder checks a batch anchor against its own ledger.
   */
  public static NodeCustody start(
      CustodySettings settings,
      int chainId,
      KeyPair nodeKey,
      BatchAnchorVerifier anchors,
      Path keyServiceDir,
      Path keyHolderDir) {
    CustodyHttp http = new CustodyHttp();
    List<RouteGroup> routes = new ArrayList<>();
    settings
        .keyService()
        .ifPresent(
            s -> {
              List<Bytes> keys =
                  s.holders().stream().map(CustodySettings.Holder::agreementKey).toList();
              KeyService service =
                  new KeyService(
                      chainId,
                      nodeKey,
                      s.threshold(),
                      keys,
                      (index, delivery) ->
                          deliver(http, s.holders().get(index - 1).url(), delivery),
                      new SecureRng(),
                      keyServiceDir);
              routes.add(new KeyServiceRoutes(service));
            });
    Optional<ScheduledExecutorService> follower =
        settings
            .keyHolder()
            .map(
                h -> {
                  KeyHolderService holder =
                      new KeyHolderService(
                          chainId,
                          HolderKey.of(nodeKey, chainId),
                          h.keyService(),
                          h.batchesPerEpoch(),
                          anchors,
                          new HttpPublishedChain(http, h.venue()),
                          keyHolderDir);
                  routes.add(new KeyHolderRoutes(holder));
                  LOG.info(
                      "key holder: agreement key {}, following {}",
                      holder.agreementKey().toBase58(),
                      h.venue());
                  return follow(holder);
                });
    Optional<EpochCustody> venue = settings.venue().map(v -> remote(http, v));
    return new NodeCustody(List.copyOf(routes), follower, venue);
  }

  private static void deliver(CustodyHttp http, URI holder, byte[] delivery) {
    try {
      http.post(holder, "/v1/keyholder/shares", delivery);
    } catch (SteleException e) {
      throw new SteleException(
          e.code().equals("custody.unavailable") ? "keyservice.holder_unavailable" : e.code(),
          "holder " + holder + " did not keep its share: " + e.getMessage());
    }
  }

  private static RemoteCustody remote(CustodyHttp http, CustodySettings.Venue settings) {
    List<RemoteCustody.HolderLink> holders = new ArrayList<>();
    for (URI url : settings.holders()) {
      holders.add(
          epoch -> {
            byte[] body =
                http.get(url, "/v1/keyholder/epochs/" + epoch + "/share")
                    .orElseThrow(
                        () ->
                            new SteleException(
                                "custody.unavailable", url + " serves no key holder"));
            JsonNode share = http.json(body, url);
            return new KeyShare(
                share.path("index").asInt(), Bytes.fromBase58(share.path("value").asText(), 64));
          });
    }
    return new RemoteCustody(
        settings.keyServiceKey(),
        epoch -> http.post(settings.keyService(), "/v1/keyservice/epochs/" + epoch, new byte[0]),
        holders);
  }

  /** Follows the venue in the background; a failure is logged once, until it changes. */
  private static ScheduledExecutorService follow(KeyHolderService holder) {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("key-holder").daemon().unstarted(r));
    String[] last = {""};
    timer.scheduleWithFixedDelay(
        () -> {
          try {
            holder.follow();
            last[0] = "";
          } catch (RuntimeException e) {
            if (!e.toString().equals(last[0])) {
              last[0] = e.toString();
              LOG.warn("key holder cannot follow the venue yet: {}", e.toString());
            }
          }
        },
        0,
        FOLLOW_MILLIS,
        TimeUnit.MILLISECONDS);
    return timer;
  }

  public List<RouteGroup> routes() {
    return routes;
  }

  /** The custody this node's venue uses, when its config has a {@code custody} section. */
  public Optional<EpochCustody> venueCustody() {
    return venueCustody;
  }

  @Override
  public void close() {
    follower.ifPresent(
        timer -> {
          timer.shutdownNow();
          try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
  }
}
