package io.stele.exchange.venue;

import io.stele.core.anchor.Anchorer;
import io.stele.core.clock.Clock;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.core.random.Rng;
import io.stele.exchange.candles.Candle;
import io.stele.exchange.candles.Interval;
import io.stele.exchange.engine.Command;
import io.stele.exchange.engine.CommandType;
import io.stele.exchange.engine.Engine;
import io.stele.exchange.engine.EventSink;
import io.stele.exchange.engine.MarketInfo;
import io.stele.exchange.journal.Recovery;
import io.stele.exchange.pipeline.ExchangePipeline;
import io.stele.exchange.sealed.BatchAnchorVerifier;
import io.stele.exchange.sealed.BatchArchive;
import io.stele.exchange.sealed.EpochAnnouncement;
import io.stele.exchange.sealed.EpochCustody;
import io.stele.exchange.sealed.OrderPayload;
import io.stele.exchange.sealed.SealedDeposit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The running exchange. One input thread is the single writer: it takes requests off a queue,
 * submits each group of them to the {@link ExchangePipeline} (which recovers the state on open,
 * journals each group with one fsync and applies it on its business thread), and answers them only
 * once the pipeline has replied that they are durable. Answers and queries come from a replica of
 * the engine that applies the same journaled commands in the same order ({@link VenueState});
 * listeners hear book deltas, trades and order events after each group. Sealed markets take
 * envelopes instead ({@link #admit}); their orders, and the deposits to their accounts, run on an
 * engine of their own (its own pipeline, journal and replica, the sealed lane) once their epoch key
 * is released, so that its state is a function of the published batches alone.
 *
 * <p>Operations take the engine's units (prices in quote minor units per whole base unit, sizes in
 * base minor units) and the account the caller has authenticated.
 */
public final class Venue implements AutoCloseable {
  /** A registered listener; closing it stops the calls. */
  public interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  static final int MAX_GROUP = 1024;
  private static final int RING_SIZE = 4096;
  private static final long SNAPSHOT_EVERY = 100_000;
  private static final int MAX_QUEUE = 65_536;

  /** Where the sealed lane's journal and snapshots live, beside the venue's own. */
  static final String SEALED_ENGINE = "sealed-engine";

  private record Pending(
      Command[] commands, boolean sealed, CompletableFuture<List<Outcome>> done) {}

  /**
   * One engine with its pipeline (journal, snapshots) and its replica. The sealed markets get a
   * second lane rather than a second engine behind the same pipeline: each journal then replays to
   * exactly its own engine and each snapshot is of one engine, so restart and journaling work for
   * both as they always did, and the sealed journal holds nothing but what the published batches
   * make (which is what lets anyone re-execute it).
   */
  private record Lane(VenueState state, ExchangePipeline pipeline) {
    static Lane open(Path dir, ExchangePipeline.Acknowledger applied) {
      VenueState state = new VenueState();
      state.replay(dir.resolve(Recovery.JOURNAL));
      ExchangePipeline pipeline =
          ExchangePipeline.open(
              dir, new EventSink() {}, applied, s -> {}, RING_SIZE, SNAPSHOT_EVERY);
      if (pipeline.nextSequence() - 1 != state.lastSequence()) {
        pipeline.close();
        throw new IllegalStateException(
            "the journal replica in "
                + dir
                + " stopped at "
                + state.lastSequence()
                + " but the pipeline at "
                + (pipeline.nextSequence() - 1));
      }
      return new Lane(state, pipeline);
    }
  }

  private record Listener<T>(Predicate<T> filter, Consumer<T> target) {}

  private final VenueConfig config;
  private final Clock clock;
  private final VenueState state;
  private final ExchangePipeline pipeline;
  private final Lane sealedLane;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(MAX_QUEUE);
  private final Thread input;
  private final List<Listener<BookDelta>> bookListeners = new CopyOnWriteArrayList<>();
  private final List<Listener<TradeRecord>> tradeListeners = new CopyOnWriteArrayList<>();
  private final List<Listener<OrderEvent>> orderListeners = new CopyOnWriteArrayList<>();
  private final List<Listener<Long>> groupListeners = new CopyOnWriteArrayList<>();
  private final SealedMarkets sealed;
  private volatile boolean closing;
  private volatile long applied;

  private Venue(
      Path dir,
      VenueConfig config,
      Clock clock,
      Rng rng,
      Anchorer anchorer,
      BatchAnchorVerifier anchors,
      EpochCustody custody) {
    this.config = config;
    this.clock = clock;
    Lane continuous = Lane.open(dir, s -> applied = s);
    this.state = continuous.state();
    this.pipeline = continuous.pipeline();
    boolean hasSealed = config.markets().stream().anyMatch(MarketSpec::sealed);
    Lane second = null;
    if (hasSealed) {
      try {
        second = Lane.open(dir.resolve(SEALED_ENGINE), s -> {});
      } catch (RuntimeException e) {
        pipeline.close();
        throw e;
      }
    }
    this.sealedLane = second;
    this.input = Thread.ofPlatform().name("venue-input").daemon().unstarted(this::run);
    input.start();
    try {
      define(state, false);
      if (hasSealed) {
        define(sealedLane.state(), true);
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    this.sealed =
        hasSealed
            ? new SealedMarkets(
                config,
                dir.resolve("sealed"),
                dir,
                sealedLane.state().lastSealedBatch(),
                sealedLane.state().dump(),
                clock,
                anchorer,
                custody != null
                    ? custody
                    : new InProcessCustody(
                        config,
                        rng,
                        new HeldShares(dir.resolve("key-holders")),
                        new BatchArchive(dir.resolve("sealed")),
                        anchors),
                this::execute)
            : null;
  }

  /**
   * Opens (or recovers) the venue in {@code dir}, creating the configured assets and markets the
   * journal does not hold yet. {@code anchorer} anchors sealed batch hashes and {@code anchors}
   * lets the key holders check those anchors; either may be null when batches are not anchored. The
   * key holders run in this process ({@code dir/key-holders/}).
   */
  public static Venue open(
      Path dir,
      VenueConfig config,
      Clock clock,
      Rng rng,
      Anchorer anchorer,
      BatchAnchorVerifier anchors) {
    return open(dir, config, clock, rng, anchorer, anchors, null);
  }

  /**
   * As above, with the epoch keys dealt and held by {@code custody} (a key service and holders in
   * other processes); null keeps the holders in this process.
   */
  public static Venue open(
      Path dir,
      VenueConfig config,
      Clock clock,
      Rng rng,
      Anchorer anchorer,
      BatchAnchorVerifier anchors,
      EpochCustody custody) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    return new Venue(dir, config, clock, rng, anchorer, anchors, custody);
  }

  /**
   * Defines what {@code lane}'s journal lacks: every asset, and every market (the continuous lane,
   * which has always held the sealed markets' definitions too) or only the sealed markets (the
   * sealed lane), each under its configured id.
   */
  private void define(VenueState state, boolean forSealed) {
    List<Command> missing = new ArrayList<>();
    for (int id = 1; id <= config.assets().size(); id++) {
      AssetSpec asset = config.asset(id);
      Optional<Integer> known = state.assetDecimals(id);
      if (known.isEmpty()) {
        missing.add(Command.asset(id, asset.decimals()));
      } else if (known.get() != asset.decimals()) {
        throw mismatch("asset " + asset.symbol() + " has " + known.get() + " decimals");
      }
    }
    for (int id = 1; id <= config.markets().size(); id++) {
      MarketSpec m = config.market(id);
      if (forSealed && !m.sealed()) {
        continue;
      }
      MarketInfo wanted = info(id, m);
      Optional<MarketInfo> known = state.marketInfo(id);
      if (known.isEmpty()) {
        missing.add(
            Command.market(
                    id,
                    wanted.baseAsset(),
                    wanted.quoteAsset(),
                    m.tickSize(),
                    m.lotSize(),
                    m.makerFeeBps(),
                    m.takerFeeBps(),
                    m.selfTrade())
                .batch(m.sealed()));
      } else if (!known.get().equals(wanted)) {
        throw mismatch("market " + m.symbol() + " is " + known.get());
      }
    }
    for (Outcome outcome : join(submit(missing.toArray(Command[]::new), forSealed))) {
      if (!outcome.accepted()) {
        throw new SteleException("venue.config", outcome.code() + ": " + outcome.message());
      }
    }
  }

  private MarketInfo info(int id, MarketSpec m) {
    return new MarketInfo(
        id,
        config.assetId(m.base()),
        config.assetId(m.quote()),
        config.baseDecimals(m),
        config.quoteDecimals(m),
        m.tickSize(),
        m.lotSize(),
        m.makerFeeBps(),
        m.takerFeeBps(),
        m.selfTrade(),
        m.sealed());
  }

  private static SteleException mismatch(String what) {
    return new SteleException(
        "venue.config_mismatch", "the journal was made with another configuration: " + what);
  }

  public VenueConfig config() {
    return config;
  }

  // ------------------------------------------------------------------------------ orders

  /** Places an order for {@code account} on a continuous market. */
  public CompletableFuture<Outcome> place(long account, OrderPayload.Place order) {
    MarketSpec market = config.market(order.market());
    if (market.sealed()) {
      throw sealedMarket(market);
    }
    return one(order.toCommand(account));
  }

  /** Cancels one of {@code account}'s resting orders on a continuous market. */
  public CompletableFuture<Outcome> cancel(long account, long orderId) {
    refuseSealedOrder(orderId);
    return one(Command.cancel(account, orderId));
  }

  /** Sets a new price and remaining size on one of {@code account}'s resting orders. */
  public CompletableFuture<Outcome> amend(long account, long orderId, long price, long size) {
    refuseSealedOrder(orderId);
    return one(Command.amend(account, orderId, price, size));
  }

  /**
   * Sets a new price and total size (filled plus remaining) on one of {@code account}'s resting
   * orders; the engine subtracts what has filled when it applies the amend ({@code
   * order.total_filled} if nothing would remain).
   */
  public CompletableFuture<Outcome> amendTotal(long account, long orderId, long price, long total) {
    refuseSealedOrder(orderId);
    return one(Command.amendTotal(account, orderId, price, total));
  }

  /**
   * Credits {@code amount} of {@code asset} to {@code account}, if {@code signer} is the venue's
   * faucet key. Only a development venue has one: elsewhere deposits come from settlement.
   */
  public CompletableFuture<Outcome> deposit(
      PublicKey signer, long account, int asset, long amount) {
    PublicKey faucet =
        config
            .faucet()
            .orElseThrow(
                () -> new SteleException("exchange.no_faucet", "this venue has no faucet"));
    if (!faucet.equals(signer)) {
      throw new SteleException(
          "exchange.not_faucet", "deposits must be signed by the faucet key " + faucet);
    }
    config.asset(checkAsset(asset));
    return one(Command.deposit(account, asset, amount));
  }

  private int checkAsset(int asset) {
    if (asset < 1 || asset > config.assets().size()) {
      throw new SteleException("exchange.unknown_asset", "no asset " + asset + " on this venue");
    }
    return asset;
  }

  private void refuseSealedOrder(long orderId) {
    Optional<OrderState> order =
        sealedLane == null ? Optional.empty() : sealedLane.state().order(orderId);
    if (order.isPresent() && state.order(orderId).isEmpty()) {
      throw sealedMarket(config.market(order.get().market()));
    }
  }

  private static SteleException sealedMarket(MarketSpec market) {
    return new SteleException(
        "exchange.sealed_market",
        "market "
            + market.symbol()
            + " takes orders only as sealed envelopes (POST /v1/exchange/sealed/envelopes)");
  }

  private CompletableFuture<Outcome> one(Command command) {
    return submit(new Command[] {command}, false).thenApply(outcomes -> outcomes.get(0));
  }

  /**
   * Runs a sealed batch's commands on the sealed lane, in the given order, next to each other in
   * its journal. They keep the timestamps they carry (the batch's sequence, as in the audit's
   * re-execution), except the auctions, which take the clock: an auction's time is in its trades
   * only, never in the state.
   */
  CompletableFuture<List<Outcome>> execute(List<Command> commands) {
    return submit(commands.toArray(Command[]::new), true);
  }

  private CompletableFuture<List<Outcome>> submit(Command[] commands, boolean sealed) {
    if (closing) {
      throw new SteleException("exchange.unavailable", "the venue is closing");
    }
    CompletableFuture<List<Outcome>> done = new CompletableFuture<>();
    if (commands.length == 0) {
      done.complete(List.of());
    } else if (!queue.offer(new Pending(commands, sealed, done))) {
      throw new SteleException("exchange.busy", "the venue's input queue is full; retry shortly");
    }
    return done;
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  // ------------------------------------------------------------------------------ input thread

  private void run() {
    List<Pending> group = new ArrayList<>();
    Command[] batch = new Command[0];
    while (!closing || !queue.isEmpty()) {
      Pending first;
      try {
        first = queue.poll(50, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      if (first == null) {
        continue;
      }
      group.clear();
      group.add(first);
      int count = first.commands().length;
      // A group goes to one lane: it is journaled and applied there as one.
      while (count < MAX_GROUP && queue.peek() != null && queue.peek().sealed() == first.sealed()) {
        Pending next = queue.poll();
        group.add(next);
        count += next.commands().length;
      }
      if (batch.length < count) {
        batch = new Command[count];
      }
      int n = 0;
      long now = clock.millis();
      boolean sealedGroup = first.sealed();
      for (Pending p : group) {
        for (Command c : p.commands()) {
          batch[n++] = !sealedGroup || c.type == CommandType.AUCTION ? c.at(now) : c;
        }
      }
      ExchangePipeline target = sealedGroup ? sealedLane.pipeline() : pipeline;
      try {
        target.submit(batch, n);
        target.awaitReply(batch[n - 1].sequence);
      } catch (RuntimeException e) {
        group.forEach(p -> p.done().completeExceptionally(e));
        continue;
      }
      VenueState applied = sealedGroup ? sealedLane.state() : state;
      answer(group, applied, applied.apply(batch, n));
    }
    SteleException closed = new SteleException("exchange.unavailable", "the venue has closed");
    for (Pending left; (left = queue.poll()) != null; ) {
      left.done().completeExceptionally(closed);
    }
  }

  /** Listeners first, so that whoever gets an answer can rely on the streams having it. */
  private void answer(List<Pending> group, VenueState lane, VenueState.Applied applied) {
    notify(bookListeners, applied.deltas());
    notify(tradeListeners, applied.trades());
    notify(orderListeners, applied.orderEvents());
    notify(groupListeners, List.of(lane.lastSequence()));
    int from = 0;
    for (Pending p : group) {
      int to = from + p.commands().length;
      p.done().complete(List.copyOf(applied.outcomes().subList(from, to)));
      from = to;
    }
  }

  /** A listener that throws is dropped: it must not stop the venue or the other listeners. */
  private static <T> void notify(List<Listener<T>> listeners, List<T> items) {
    for (Listener<T> listener : listeners) {
      try {
        for (T item : items) {
          if (listener.filter().test(item)) {
            listener.target().accept(item);
          }
        }
      } catch (RuntimeException e) {
        listeners.remove(listener);
      }
    }
  }

  private static <T> Subscription listen(
      List<Listener<T>> listeners, Predicate<T> filter, Consumer<T> target) {
    Listener<T> listener = new Listener<>(filter, target);
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  // ------------------------------------------------------------------------------ listeners

  /** Book deltas of one market, on the input thread, after the commands that caused them. */
  public Subscription onBook(int market, Consumer<BookDelta> listener) {
    config.market(market);
    return listen(bookListeners, d -> d.market() == market, listener);
  }

  /** Trades (and batch auctions) of one market. */
  public Subscription onTrade(int market, Consumer<TradeRecord> listener) {
    config.market(market);
    return listen(tradeListeners, t -> t.market() == market, listener);
  }

  /** Everything that happens to {@code account}'s orders. */
  public Subscription onOrders(long account, Consumer<OrderEvent> listener) {
    return listen(orderListeners, e -> e.account() == account, listener);
  }

  /** Everything that happens to any account's orders (for gateways that serve many accounts). */
  public Subscription onAllOrders(Consumer<OrderEvent> listener) {
    return listen(orderListeners, e -> true, listener);
  }

  /**
   * Called once per group, after its book, trade and order listeners, with the group's last
   * sequence: lets a gateway emit what it gathered from the group in an order of its own.
   */
  public Subscription afterEachGroup(Consumer<Long> listener) {
    return listen(groupListeners, s -> true, listener);
  }

  // ------------------------------------------------------------------------------ queries

  /** The replica that holds {@code market}: the sealed lane's for a sealed market. */
  private VenueState stateOf(int market) {
    return config.market(market).sealed() ? sealedLane.state() : state;
  }

  /** The engine's definition of a market. */
  public MarketInfo marketInfo(int market) {
    return stateOf(market).marketInfo(market).orElseThrow();
  }

  /**
   * The quote minor units an order has traded for, summed over its fills (0 when it has none or is
   * no longer remembered, as for {@link #order}).
   */
  public long filledValue(long orderId) {
    long value = state.filledValue(orderId);
    return value == 0 && sealedLane != null ? sealedLane.state().filledValue(orderId) : value;
  }

  /** An order of a continuous market, or else of a sealed one (its market says which). */
  public Optional<OrderState> order(long id) {
    Optional<OrderState> order = state.order(id);
    return order.isEmpty() && sealedLane != null ? sealedLane.state().order(id) : order;
  }

  /**
   * {@code account}'s open orders and its most recent closed ones, oldest first: those of the
   * continuous markets, then those of the sealed markets (each order names its market).
   */
  public List<OrderState> orders(long account) {
    if (sealedLane == null) {
      return state.orders(account);
    }
    List<OrderState> all = new ArrayList<>(state.orders(account));
    all.addAll(sealedLane.state().orders(account));
    return all;
  }

  /** {@code account}'s non-zero balances on the continuous markets, by asset id. */
  public List<Balance> balances(long account) {
    return state.balances(account, config.assets().size());
  }

  /**
   * {@code account}'s non-zero balances on the sealed markets, by asset id: separate from its
   * balances on the continuous markets, funded only by deposits carried in sealed batches. Empty on
   * a venue without sealed markets.
   */
  public List<Balance> sealedBalances(long account) {
    return sealedLane == null
        ? List.of()
        : sealedLane.state().balances(account, config.assets().size());
  }

  /** The best {@code levels} price levels on each side of a market. */
  public Depth book(int market, int levels) {
    return stateOf(market).depth(market, levels);
  }

  /** The newest trades of a market (at most {@code limit}), newest first. */
  public List<TradeRecord> trades(int market, int limit) {
    return stateOf(market).trades(market, limit);
  }

  /** The newest candles of a market (at most {@code limit}), oldest first. */
  public List<Candle> candles(int market, Interval interval, int limit) {
    return stateOf(market).candles(market, interval, limit);
  }

  /** The last journal sequence the answers and queries reflect. */
  public long sequence() {
    return state.lastSequence();
  }

  /** The last sequence the pipeline's business thread has applied. */
  public long appliedSequence() {
    return applied;
  }

  /** SHA-256 of the canonical state dump (docs/exchange.md), as of {@link #sequence()}. */
  public byte[] stateHash() {
    return state.stateHash();
  }

  /**
   * SHA-256 of the sealed lane's state dump: after a batch has run, the state hash its published
   * outcome names.
   */
  public byte[] sealedStateHash() {
    if (sealedLane == null) {
      throw new SteleException("exchange.no_sealed_market", "this venue has no sealed market");
    }
    return sealedLane.state().stateHash();
  }

  // ------------------------------------------------------------------------------ sealed

  /**
   * Admits a sealed envelope for a sealed market, or a signed deposit to a sealed-market account
   * (bytes that start with {@code "stele.sealed.deposit"}); see docs/sealed-batches.md.
   */
  public SealedMarkets.Admission admit(byte[] envelope) {
    return SealedDeposit.looksLikeDeposit(envelope)
        ? sealed().admitDeposit(envelope)
        : sealed().admit(envelope);
  }

  /** Admits a signed bundle of sealed orders, all or none; see docs/sealed-batches.md. */
  public SealedMarkets.BundleAdmission admitBundle(byte[] bundle) {
    return sealed().admitBundle(bundle);
  }

  /** The epoch clients seal orders to now. */
  public EpochAnnouncement epoch() {
    return sealed().epoch();
  }

  /**
   * The epoch clients seal orders to now, with the key service's signed epoch when a key service
   * dealt it (a client checks that signature before it seals: docs/sealed-batches.md).
   */
  public EpochCustody.Dealt currentEpoch() {
    return sealed().currentEpoch();
  }

  /** Sealed batches from {@code fromSequence}, at most {@code limit}, oldest first. */
  public List<SealedMarkets.BatchInfo> batches(long fromSequence, int limit) {
    return sealed().batches(fromSequence, limit);
  }

  public Optional<SealedMarkets> sealedMarkets() {
    return Optional.ofNullable(sealed);
  }

  private SealedMarkets sealed() {
    if (sealed == null) {
      throw new SteleException("exchange.no_sealed_market", "this venue has no sealed market");
    }
    return sealed;
  }

  /**
   * Stops taking requests, answers everything queued, and closes the pipeline (which writes its
   * pending snapshot).
   */
  @Override
  public void close() {
    if (closing) {
      return;
    }
    if (sealed != null) {
      sealed.close();
    }
    closing = true;
    try {
      input.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pipeline.close();
    if (sealedLane != null) {
      sealedLane.pipeline().close();
    }
  }

  /** For tests: the engine of the closed pipeline, to compare with the replica. */
  Engine closedEngine() {
    return pipeline.engine();
  }
}
