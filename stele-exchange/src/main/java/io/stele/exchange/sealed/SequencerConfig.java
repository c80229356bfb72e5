package io.stele.exchange.sealed;

/**
 * How the sequencer cuts batches: a batch is sealed once it holds {@code maxEnvelopes} or once
 * {@code intervalMillis} have passed since its first envelope; an epoch closes after {@code
 * batchesPerEpoch} batches.
 */
public record SequencerConfig(
    int chainId, int maxEnvelopes, long intervalMillis, int batchesPerEpoch) {
  public SequencerConfig {
    if (chainId < 0 || chainId > 255) {
      throw new IllegalArgumentException("a chain id is one byte, not " + chainId);
    }
    if (maxEnvelopes < 1 || intervalMillis < 1 || batchesPerEpoch < 1) {
      throw new IllegalArgumentException(
          "batch size, interval and batches per epoch must be positive");
    }
  }
}
