package io.stele.exchange.venue;

import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.exchange.sealed.SequencerConfig;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a venue runs: its chain id (every signed request and envelope names it), the assets and
 * markets (the n-th of each gets engine id n), the faucet key allowed to sign deposits (devnet
 * only; empty elsewhere), how far a signed request's time may be from the venue's clock, and how
 * sealed markets cut batches and split epoch keys ({@code threshold} of {@code keyHolders}).
 */
public record VenueConfig(
    int chainId,
    List<AssetSpec> assets,
    List<MarketSpec> markets,
    Optional<PublicKey> faucet,
    long requestWindowMillis,
    SequencerConfig sealing,
    int threshold,
    int keyHolders) {

  public VenueConfig {
    assets = List.copyOf(assets);
    markets = List.copyOf(markets);
    if (sealing.chainId() != chainId) {
      throw new SteleException("venue.config", "sealing is configured for another chain");
    }
    if (requestWindowMillis < 1) {
      throw new SteleException("venue.config", "the request window must be positive");
    }
    if (threshold < 1 || threshold > keyHolders || keyHolders > 255) {
      throw new SteleException(
          "venue.config", threshold + " of " + keyHolders + " key holders is not possible");
    }
    Set<String> assetSymbols = new HashSet<>();
    for (AssetSpec asset : assets) {
      if (!assetSymbols.add(asset.symbol())) {
        throw new SteleException("venue.config", "asset " + asset.symbol() + " is listed twice");
      }
    }
    Set<String> marketSymbols = new HashSet<>();
    for (MarketSpec market : markets) {
      if (!marketSymbols.add(market.symbol())) {
        throw new SteleException("venue.config", "market " + market.symbol() + " is listed twice");
      }
      if (!assetSymbols.contains(market.base()) || !assetSymbols.contains(market.quote())) {
        throw new SteleException(
            "venue.config", "market " + market.symbol() + " trades an asset that is not listed");
      }
    }
  }

  /** Engine id of an asset symbol: its position in {@link #assets()}, from 1. */
  public int assetId(String symbol) {
    for (int i = 0; i < assets.size(); i++) {
      if (assets.get(i).symbol().equals(symbol)) {
        return i + 1;
      }
    }
    throw new SteleException("exchange.unknown_asset", "no asset '" + symbol + "' on this venue");
  }

  public AssetSpec asset(int id) {
    return assets.get(id - 1);
  }

  /** Engine id of a market symbol: its position in {@link #markets()}, from 1. */
  public int marketId(String symbol) {
    for (int i = 0; i < markets.size(); i++) {
      if (markets.get(i).symbol().equals(symbol)) {
        return i + 1;
      }
    }
    throw new SteleException("exchange.unknown_market", "no market '" + symbol + "' on this venue");
  }

  public MarketSpec market(int id) {
    if (id < 1 || id > markets.size()) {
      throw new SteleException("exchange.unknown_market", "no market " + id + " on this venue");
    }
    return markets.get(id - 1);
  }

  public int baseDecimals(MarketSpec market) {
    return asset(assetId(market.base())).decimals();
  }

  public int quoteDecimals(MarketSpec market) {
    return asset(assetId(market.quote())).decimals();
  }
}
