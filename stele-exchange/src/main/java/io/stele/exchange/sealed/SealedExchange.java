package io.stele.exchange.sealed;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.Hashes;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.exchange.engine.Command;
import io.stele.exchange.engine.Engine;
import io.stele.exchange.engine.EventSink;
import io.stele.exchange.engine.Side;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies opened batches to the engine, one after the other, each order in its sealed position, on
 * behalf of the account bound to the envelope's signing key. A deterministic function of the
 * starting state and the batches: the audit runs the same code to re-execute. Not thread-safe.
 */
public final class SealedExchange {
  private static final byte[] ACCOUNT_DOMAIN =
      "stele.exchange.account".getBytes(StandardCharsets.UTF_8);

  private final Engine engine;
  private long commands;
  private long lastBatch;

  /** Starts from {@code engine}'s state (assets, markets and deposits set up beforehand). */
  public SealedExchange(Engine engine) {
    this.engine = engine;
  }

  /**
   * The account a client key acts on: the first 8 bytes of SHA-256("stele.exchange.account" || key)
   * as a big-endian number with its top bit cleared, or 1 if that is 0 (0 is the fee account).
   */
  public static long accountOf(PublicKey client) {
    byte[] hash = Hashes.sha256(concat(ACCOUNT_DOMAIN, client.bytes().unsafeArray()));
    long account = ByteBuffer.wrap(hash).getLong() & Long.MAX_VALUE;
    return account == 0 ? 1 : account;
  }

  public Engine engine() {
    return engine;
  }

  /** Applies {@code batch}, which must follow the last batch applied. */
  public BatchOutcome apply(OpenedBatch batch) {
    if (batch.sequence() <= lastBatch) {
      throw new IllegalArgumentException(
          "batch " + batch.sequence() + " does not follow batch " + lastBatch);
    }
    lastBatch = batch.sequence();
    Collector out = new Collector();
    for (OpenedBatch.Order order : batch.orders()) {
      out.position = order.position();
      Command command;
      try {
        command =
            OrderPayload.parse(order.payload().unsafeArray()).toCommand(accountOf(order.client()));
      } catch (SteleException e) {
        out.results.add(new BatchOutcome.Result(order.position(), e.code(), e.getMessage()));
        continue;
      }
      command.sequence = ++commands;
      command.timestamp = batch.sequence();
      out.rejection = null;
      engine.apply(command, out);
      // A cancel or amend that takes effect reports cancelled/amended rather than accepted.
      out.results.add(
          out.rejection != null
              ? out.rejection
              : new BatchOutcome.Result(order.position(), BatchOutcome.ACCEPTED, ""));
    }
    return new BatchOutcome(
        batch.sequence(),
        batch.batchHash(),
        out.results,
        out.trades,
        Bytes.wrap(engine.stateHash()));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static final class Collector implements EventSink {
    final List<BatchOutcome.Result> results = new ArrayList<>();
    final List<BatchOutcome.Trade> trades = new ArrayList<>();
    int position;
    BatchOutcome.Result rejection;

    @Override
    public void rejected(Command command, String code, String message) {
      rejection = new BatchOutcome.Result(position, code, message);
    }

    @Override
    public void trade(
        long timestamp,
        int market,
        long makerOrderId,
        long makerAccount,
        long takerOrderId,
        long takerAccount,
        Side takerSide,
        long price,
        long size,
        long quoteAmount,
        long makerFee,
        long takerFee) {
      trades.add(
          new BatchOutcome.Trade(
              market,
              makerOrderId,
              makerAccount,
              takerOrderId,
              takerAccount,
              takerSide,
              price,
              size,
              quoteAmount,
              makerFee,
              takerFee));
    }
  }
}
