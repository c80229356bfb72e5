package io.stele.exchange.venue;

import io.stele.core.crypto.PublicKey;
import io.stele.exchange.engine.SelfTradePrevention;
import io.stele.exchange.sealed.SequencerConfig;
import java.util.List;
import java.util.Optional;

/** The venue the sealed-market tests run: BTC and USD, one sealed market BTC-USD, no fees. */
public final class SealedVenues {
  private SealedVenues() {}

  /**
   * A batch seals at {@code maxEnvelopes} envelopes (or after a minute), an epoch spans {@code
   * batchesPerEpoch} batches, and its key is split 2 of 3; {@code faucet} may deposit.
   */
  public static VenueConfig btcUsd(
      int chain, PublicKey faucet, int maxEnvelopes, int batchesPerEpoch) {
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
        Optional.of(faucet),
        30_000,
        new SequencerConfig(chain, maxEnvelopes, 60_000, batchesPerEpoch),
        2,
        3);
  }
}
