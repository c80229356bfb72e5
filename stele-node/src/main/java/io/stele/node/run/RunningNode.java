package io.stele.node.run;

import io.stele.api.ApiLimits;
import io.stele.api.ApiServer;
import io.stele.api.RouteGroup;
import io.stele.api.ledger.GenesisRoutes;
import io.stele.api.ledger.LedgerRoutes;
import io.stele.api.workflow.ChainDeliveryRoutes;
import io.stele.api.workflow.WorkflowRoutes;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.node.LedgerNode;
import io.stele.node.custody.NodeCustody;
import io.stele.node.exchange.NodeExchange;
import io.stele.node.workflow.LedgerReceiptCheck;
import io.stele.node.workflow.NodeWorkflows;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A ledger node (and its Live Contracts) with its API listening: the one place where a node process
 * is wired together. Closing it stops the API first (no new requests), then the ledger (committed
 * state survives).
 */
public final class RunningNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunningNode.class);
  private final LedgerNode ledger;
  private final AutoCloseable services;
  private final ApiServer api;
  private final String apiUrl;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final List<Runnable> afterClose = new CopyOnWriteArrayList<>();

  private RunningNode(LedgerNode ledger, AutoCloseable services, ApiServer api, String apiUrl) {
    this.ledger = ledger;
    this.services = services;
    this.api = api;
    this.apiUrl = apiUrl;
  }

  /**
   * Serves {@code ledger}, which runs {@code genesis}, on {@code host:port} (port 0: any free
   * port); owns the ledger from here on.
   */
  public static RunningNode serve(LedgerNode ledger, Genesis genesis, String host, int port) {
    return serve(ledger, genesis, List.of(), () -> {}, host, port);
  }

  /**
   * Also serves Live Contracts from {@code workflows} (receipts of their events are judged against
   * {@code genesis} with the ledger's receipt verifier) and takes in other parties' chains; owns
   * {@code workflows} from here on.
   */
  public static RunningNode serve(
      LedgerNode ledger, Genesis genesis, NodeWorkflows workflows, String host, int port) {
    return serve(ledger, genesis, workflows, Optional.empty(), NodeCustody.NONE, host, port);
  }

  /**
   * Also serves the node's exchange, when it runs one, and its part in the custody of epoch keys;
   * owns both from here on.
   */
  public static RunningNode serve(
      LedgerNode ledger,
      Genesis genesis,
      NodeWorkflows workflows,
      Optional<NodeExchange> exchange,
      NodeCustody custody,
      String host,
      int port) {
    ApiLimits limits = ApiLimits.DEFAULT;
    List<RouteGroup> groups = new ArrayList<>();
    groups.add(new WorkflowRoutes(workflows.service(), new LedgerReceiptCheck(genesis), limits));
    groups.add(new ChainDeliveryRoutes(workflows.party(), limits));
    exchange.ifPresent(e -> groups.add(e.routes()));
    groups.addAll(custody.routes());
    // The exchange closes first: it may still be anchoring on the ledger.
    AutoCloseable services =
        () -> {
          try {
            if (exchange.isPresent()) {
              exchange.get().close();
            }
          } finally {
            try {
              custody.close();
            } finally {
              workflows.close();
            }
          }
        };
    return serve(ledger, genesis, groups, services, host, port);
  }

  private static RunningNode serve(
      LedgerNode ledger,
      Genesis genesis,
      List<RouteGroup> more,
      AutoCloseable services,
      String host,
      int port) {
    ApiLimits limits = ApiLimits.DEFAULT;
    List<RouteGroup> groups = new ArrayList<>();
    groups.add(new LedgerRoutes(ledger, limits));
    groups.add(new GenesisRoutes(genesis));
    groups.addAll(more);
    ApiServer api;
    try {
      api = new ApiServer(limits, groups).start(host, port);
    } catch (RuntimeException e) {
      closeQuietly(services);
      ledger.close();
      throw e;
    }
    return new RunningNode(ledger, services, api, "http://" + host + ":" + api.port());
  }

  public String apiUrl() {
    return apiUrl;
  }

  public LedgerNode ledger() {
    return ledger;
  }

  /** Blocks until {@link #close()} has finished, e.g. from the shutdown hook on SIGTERM. */
  public void awaitClose() throws InterruptedException {
    stopped.await();
  }

  /** Runs {@code action} once this node has closed (e.g. removing a devnet manifest). */
  public RunningNode whenClosed(Runnable action) {
    afterClose.add(action);
    return this;
  }

  /** Closes this node when the JVM is asked to stop (Ctrl-C, SIGTERM). */
  public RunningNode closeOnShutdown() {
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "stele-shutdown"));
    return this;
  }

  /** Closes the node's services (Live Contracts); a failure there must not keep the ledger open. */
  private static void closeQuietly(AutoCloseable services) {
    try {
      services.close();
    } catch (Exception e) {
      LOG.error("closing the node's services failed", e);
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      api.close();
    } finally {
      try {
        closeQuietly(services);
        ledger.close();
      } finally {
        afterClose.forEach(Runnable::run);
        stopped.countDown();
      }
    }
  }
}
