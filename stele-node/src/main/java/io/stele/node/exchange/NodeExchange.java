package io.stele.node.exchange;

import io.stele.api.RouteGroup;
import io.stele.api.exchange.ExchangeRoutes;
import io.stele.core.clock.Clock;
import io.stele.core.random.SecureRng;
import io.stele.exchange.venue.Venue;
import io.stele.ledger.anchor.LocalAnchorer;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.node.AnchoringNode;
import java.nio.file.Path;

/**
 * A node's exchange: the {@link Venue} configured by the settings file, journaling under its own
 * directory, anchoring sealed batch hashes on this node's ledger, and its routes for the API.
 */
public final class NodeExchange implements AutoCloseable {
  private final Venue venue;
  private final Clock clock;

  private NodeExchange(Venue venue, Clock clock) {
    this.venue = venue;
    this.clock = clock;
  }

  /** Opens (or recovers) the venue in {@code dir} with the settings in {@code settings}. */
  public static NodeExchange open(
      Path dir, Path settings, AnchoringNode ledger, Genesis genesis, Clock clock) {
    Venue venue =
        Venue.open(
            dir,
            ExchangeSettings.read(settings, genesis.chainId()),
            clock,
            new SecureRng(),
            new LocalAnchorer(ledger),
            LedgerBatchAnchors.of(genesis));
    return new NodeExchange(venue, clock);
  }

  public Venue venue() {
    return venue;
  }

  public RouteGroup routes() {
    return new ExchangeRoutes(venue, clock);
  }

  @Override
  public void close() {
    venue.close();
  }
}
