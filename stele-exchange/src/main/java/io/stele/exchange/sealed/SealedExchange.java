package io.stele.exchange.sealed;

import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.Hashes;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.exchange.engine.Command;
import io.stele.exchange.engine.Engine;
import io.stele.exchange.engine.EventSink;
import io.stele.exchange.engine.MarketInfo;
import io.stele.exchange.engine.Side;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies opened batches to the engine, one after the other, each order in its sealed position, on
 * behalf of the account bound to the envelope's signing key; each deposit at its position, to the
 * account bound to its recipient key; then one auction per batch-auction market of the engine, by
 * rising market id. A deterministic function of the starting state and the batches: the venue and
 * the audit run the same code. Not thread-safe.
 */
public final class SealedExchange {
  private static final byte[] ACCOUNT_DOMAIN =
      "stele.exchange.account".getBytes(StandardCharsets.UTF_8);

  private final Engine engine;
  private final List<Integer> auctionMarkets = new ArrayList<>();
  private long commands;
  private long lastBatch;

  /**
   * Starts from {@code engine}'s state (assets, markets and any deposits set up beforehand); the
   * markets are fixed from then on (batches cannot define any).
   */
  public SealedExchange(Engine engine) {
    this.engine = engine;
    for (int market = 1; market < Engine.MAX_MARKETS; market++) {
      engine
          .marketInfo(market)
          .filter(MarketInfo::batch)
          .ifPresent(info -> auctionMarkets.add(info.id()));
    }
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

  /** One command of a batch: an order (its position), a deposit or an auction (position -1). */
  private record Step(int position, Command command, SteleException invalid) {}

  /**
   * The batch's commands in the order they run: each order at its position, preceded by the
   * deposits at or before it, then the deposits after the last order, then the auctions. An order
   * whose payload does not parse is a step without a command.
   */
  private List<Step> steps(OpenedBatch batch) {
    List<Step> steps = new ArrayList<>();
    List<SealedBatch.Deposit> deposits = batch.deposits();
    // A client sends many orders per batch: its account hash is computed once per batch.
    Map<PublicKey, Long> accounts = new HashMap<>();
    int next = 0;
    for (OpenedBatch.Order order : batch.orders()) {
      for (; next < deposits.size() && deposits.get(next).position() <= order.position(); next++) {
        steps.add(new Step(-1, deposit(deposits.get(next)), null));
      }
      try {
        Command command =
            OrderPayload.parse(order.payload().unsafeArray())
                .toCommand(accounts.computeIfAbsent(order.client(), SealedExchange::accountOf));
        steps.add(new Step(order.position(), command, null));
      } catch (SteleException e) {
        steps.add(new Step(order.position(), null, e));
      }
    }
    for (; next < deposits.size(); next++) {
      steps.add(new Step(-1, deposit(deposits.get(next)), null));
    }
    for (int market : auctionMarkets) {
      steps.add(new Step(-1, Command.auction(market).afterBatch(batch.sequence()), null));
    }
    for (Step step : steps) {
      if (step.command() != null) {
        step.command().timestamp = batch.sequence();
      }
    }
    return steps;
  }

  private static Command deposit(SealedBatch.Deposit entry) {
    SealedDeposit d = entry.deposit();
    return Command.deposit(accountOf(d.recipient()), d.asset(), d.amount());
  }

  /**
   * The engine commands {@link #apply} runs for {@code batch}, in order, without running them (what
   * a venue journals): {@code timestamp} is the batch's sequence, {@code sequence} is the caller's.
   */
  public List<Command> commands(OpenedBatch batch) {
    List<Command> commands = new ArrayList<>();
    for (Step step : steps(batch)) {
      if (step.command() != null) {
        commands.add(step.command());
      }
    }
    return commands;
  }

  /**
   * Applies {@code batch}, which must follow the last batch applied. Deposits and auctions have no
   * result of their own: a deposit the engine refuses (an asset it does not know, an overflow)
   * changes nothing, which the state hash shows.
   */
  public BatchOutcome apply(OpenedBatch batch) {
    if (batch.sequence() <= lastBatch) {
      throw new IllegalArgumentException(
          "batch " + batch.sequence() + " does not follow batch " + lastBatch);
    }
    lastBatch = batch.sequence();
    Collector out = new Collector();
    for (Step step : steps(batch)) {
      out.position = step.position();
      if (step.invalid() != null) {
        out.results.add(
            new BatchOutcome.Result(
                step.position(), step.invalid().code(), step.invalid().getMessage()));
        continue;
      }
      step.command().sequence = ++commands;
      out.rejection = null;
      engine.apply(step.command(), out);
      if (step.position() >= 0) {
        // A cancel or amend that takes effect reports cancelled/amended rather than accepted.
        out.results.add(
            out.rejection != null
                ? out.rejection
                : new BatchOutcome.Result(step.position(), BatchOutcome.ACCEPTED, ""));
      }
    }
    return new BatchOutcome(
        batch.sequence(),
        batch.batchHash(),
        out.results,
        out.trades,
        out.fills,
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
    final List<BatchOutcome.Fill> fills = new ArrayList<>();
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

    @Override
    public void auctionFill(
        long timestamp,
        int market,
        long orderId,
        long account,
        Side side,
        long price,
        long size,
        long value,
        long fee) {
      fills.add(new BatchOutcome.Fill(market, orderId, account, side, price, size, value, fee));
    }
  }
}
