package io.stele.node.exchange;

import io.stele.api.RouteGroup;
import io.stele.api.exchange.ExchangeRoutes;
import io.stele.api.fix.FixAcceptor;
import io.stele.api.fix.FixSettings;
import io.stele.api.fix.VenueFixPort;
import io.stele.core.clock.Clock;
import io.stele.core.random.SecureRng;
import io.stele.exchange.sealed.EpochCustody;
import io.stele.exchange.venue.Venue;
import io.stele.ledger.anchor.LocalAnchorer;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.node.AnchoringNode;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's exchange: the {@link Venue} configured by the settings file, journaling under its own
 * directory, anchoring sealed batch hashes on this node's ledger, its routes for the API, and its
 * FIX 4.4 acceptor when the settings have a {@code fix} section.
 */
public final class NodeExchange implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeExchange.class);

  private final Venue venue;
  private final Clock clock;
  private final Optional<VenueFixPort> fixPort;
  private final Optional<FixAcceptor> fix;

  private NodeExchange(
      Venue venue, Clock clock, Optional<VenueFixPort> fixPort, Optional<FixAcceptor> fix) {
    this.venue = venue;
    this.clock = clock;
    this.fixPort = fixPort;
    this.fix = fix;
  }

  /**
   * Opens (or recovers) the venue in {@code dir} with the settings in {@code settings}, then starts
   * FIX if they ask for it; its session store and ClOrdIDs live in {@code dir/fix/}. Sealed markets
   * take their epoch keys from {@code custody}, or deal them in this process when it is empty.
   */
  public static NodeExchange open(
      Path dir,
      Path settings,
      AnchoringNode ledger,
      Genesis genesis,
      Clock clock,
      Optional<EpochCustody> custody) {
    Optional<FixSettings> fixSettings = ExchangeSettings.readFix(settings, genesis.chainId(), dir);
    Venue venue =
        Venue.open(
            dir,
            ExchangeSettings.read(settings, genesis.chainId()),
            clock,
            new SecureRng(),
            new LocalAnchorer(ledger),
            LedgerBatchAnchors.of(genesis),
            custody.orElse(null));
    if (fixSettings.isEmpty()) {
      return new NodeExchange(venue, clock, Optional.empty(), Optional.empty());
    }
    VenueFixPort port = null;
    try {
      port =
          VenueFixPort.open(venue, dir.resolve("fix").resolve("client-order-ids"), new SecureRng());
      FixAcceptor acceptor = FixAcceptor.start(fixSettings.get(), port);
      LOG.info(
          "FIX 4.4 acceptor {} on {}:{}",
          fixSettings.get().compId(),
          fixSettings.get().host(),
          acceptor.port());
      return new NodeExchange(venue, clock, Optional.of(port), Optional.of(acceptor));
    } catch (RuntimeException e) {
      if (port != null) {
        port.close();
      }
      venue.close();
      throw e;
    }
  }

  public Venue venue() {
    return venue;
  }

  public RouteGroup routes() {
    return new ExchangeRoutes(venue, clock);
  }

  /** FIX first (its sessions log out), then the venue. */
  @Override
  public void close() {
    try {
      fix.ifPresent(FixAcceptor::close);
      fixPort.ifPresent(VenueFixPort::close);
    } finally {
      venue.close();
    }
  }
}
