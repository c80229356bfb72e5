package io.stele.node.workflow;

import io.stele.core.clock.Clock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.core.random.Rng;
import io.stele.workflow.WorkflowService;
import io.stele.workflow.anchor.EventAnchoring;
import io.stele.workflow.chain.EventChain;
import io.stele.workflow.conflict.ForkResolution;
import io.stele.workflow.distribution.Backoff;
import io.stele.workflow.distribution.EventDelivery;
import io.stele.workflow.distribution.Outbox;
import io.stele.workflow.distribution.PartyNode;
import io.stele.workflow.identity.ChainIdentities;
import io.stele.workflow.store.EventChainStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's Live Contracts: the {@link WorkflowService} the API serves, and the {@link PartyNode}
 * that stores the chains this node takes part in (identities whose {@code node} is this node's
 * name, its API URL), pushes every new version to the other parties' nodes and takes in theirs. On
 * open it rebuilds every stored process. A background thread fires the time-outs that are due and
 * delivers what is due every {@code pumpEvery}.
 */
public final class NodeWorkflows implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeWorkflows.class);

  private final WorkflowService service;
  private final PartyNode party;
  private final EventChainStore store;
  private final Outbox outbox;
  private final Thread pump;
  private volatile boolean closed;

  private NodeWorkflows(
      WorkflowService service,
      PartyNode party,
      EventChainStore store,
      Outbox outbox,
      EventDelivery delivery,
      Duration pumpEvery) {
    this.service = service;
    this.party = party;
    this.store = store;
    this.outbox = outbox;
    this.pump =
        Thread.ofVirtual().name("workflow-delivery").unstarted(() -> pump(delivery, pumpEvery));
  }

  /**
   * Opens the stores under {@code dir} and starts delivering; {@code name} is the base URL other
   * parties reach this node's API at, as identities name it.
   */
  public static NodeWorkflows open(
      Path dir,
      String name,
      KeyPair key,
      Clock clock,
      Rng rng,
      EventAnchoring anchoring,
      EventDelivery delivery,
      Duration pumpEvery) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new SteleException("cli.io", "cannot create " + dir + ": " + e, e);
    }
    EventChainStore store = EventChainStore.open(dir.resolve("chains"));
    Outbox outbox;
    try {
      outbox = Outbox.open(dir.resolve("outbox"), clock, rng, Backoff.DEFAULT);
    } catch (SteleException e) {
      store.close();
      throw e;
    }
    PartyNode party = new PartyNode(name, store, outbox, new ForkResolution(anchoring, key, clock));
    WorkflowService service = new WorkflowService(key, clock, rng, anchoring);
    try {
      service
          .restore(store.all())
          .forEach(line -> LOG.warn("stored chain not replayed as a process: {}", line));
    } catch (SteleException e) {
      outbox.close();
      store.close();
      throw e;
    }
    NodeWorkflows workflows = new NodeWorkflows(service, party, store, outbox, delivery, pumpEvery);
    service.addListener((id, chain, process) -> workflows.share(chain));
    party.onAccepted(service::accept);
    workflows.pump.start();
    return workflows;
  }

  public WorkflowService service() {
    return service;
  }

  public PartyNode party() {
    return party;
  }

  /**
   * Chains that name no identity at this node stay in memory only: there is nobody to tell. Runs
   * under the lock {@link #close} takes, because anchoring receipts can arrive on the ledger's
   * thread at any time, also while the node shuts down; after close they are dropped (the store
   * must not be touched once closed).
   */
  private synchronized void share(EventChain chain) {
    if (closed) {
      return;
    }
    boolean ours =
        ChainIdentities.of(chain).values().stream().anyMatch(i -> party.name().equals(i.node()));
    if (!ours) {
      return;
    }
    try {
      party.publish(chain);
    } catch (SteleException e) {
      LOG.warn("chain {} not stored for delivery: {}: {}", chain.id(), e.code(), e.getMessage());
    }
  }

  private void pump(EventDelivery delivery, Duration every) {
    while (!closed) {
      try {
        service.fireDueTimeouts();
      } catch (RuntimeException e) {
        LOG.error("firing workflow time-outs failed", e);
      }
      try {
        party
            .pump(delivery)
            .refused()
            .forEach(
                r ->
                    LOG.warn(
                        "node {} refused chain {}: {}: {}",
                        r.node(),
                        r.chainId(),
                        r.code(),
                        r.message()));
      } catch (RuntimeException e) {
        LOG.error("workflow delivery round failed", e);
      }
      try {
        Thread.sleep(every);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    pump.interrupt();
    try {
      pump.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      outbox.close();
      store.close();
    }
  }
}
