package io.stele.node.exchange;

import io.stele.core.crypto.PublicKey;
import io.stele.exchange.engine.SelfTradePrevention;
import io.stele.exchange.sealed.SequencerConfig;
import io.stele.exchange.venue.AssetSpec;
import io.stele.exchange.venue.MarketSpec;
import io.stele.exchange.venue.VenueConfig;
import java.util.List;
import java.util.Optional;

/** The venue the node's sealed-market tests run: one sealed batch auction, BTC-USD. */
public final class SealedMarketFixture {
  private SealedMarketFixture() {}

  /**
   * BTC (8 decimals) against USD (2), price tick 100, lot 1,000,000, no fees, batches as {@code
   * sealing} says, each epoch's key split 2 of 3; {@code faucet}, when present, may deposit.
   */
  public static VenueConfig btcUsd(int chain, Optional<PublicKey> faucet, SequencerConfig sealing) {
    return new VenueConfig(
        chain,
        List.of(new AssetSpec("BTC", 8), new AssetSpec("USD", 2)),
        List.of(
            new MarketSpec(
                "BTC-USD",
                "BTC",
                "USD",
                100,
                1_000_000,
                0,
                0,
                SelfTradePrevention.CANCEL_NEWEST,
                true)),
        faucet,
        30_000,
        sealing,
        2,
        3);
  }
}
