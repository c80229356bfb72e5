package io.stele.node.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.clock.SystemClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.core.keyfile.KeyFile;
import io.stele.core.random.SecureRng;
import io.stele.exchange.replay.Replay;
import io.stele.node.client.NodeClient;
import io.stele.node.config.Passphrases;
import io.stele.node.exchange.ExchangeClient;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "exchange",
    mixinStandardHelpOptions = true,
    description = "The fair exchange: orders, book and balances on a node's venue, and tools.",
    subcommands = {
      ExchangeCommand.Order.class,
      ExchangeCommand.Cancel.class,
      ExchangeCommand.Amend.class,
      ExchangeCommand.Orders.class,
      ExchangeCommand.Balances.class,
      ExchangeCommand.Deposit.class,
      ExchangeCommand.Book.class,
      ExchangeCommand.ReplayCommand.class
    })
final class ExchangeCommand {

  /** Who signs (a key file, its account is the one the venue acts on) and which node. */
  static final class Signer {
    @Option(
        names = "--key",
        required = true,
        paramLabel = "FILE",
        description = "Key file that signs the request.")
    Path keyFile;

    @Option(
        names = "--passphrase-file",
        paramLabel = "FILE",
        description = "First line is the key's passphrase.")
    Path passphraseFile;

    @Mixin NodeOption node;

    ObjectNode call(Function<ExchangeClient, ObjectNode> request) {
      return withKey(
          (client, key) ->
              request.apply(new ExchangeClient(client, key, new SystemClock(), new SecureRng())));
    }

    /** Runs {@code request} with the node and the key, which is wiped afterwards. */
    ObjectNode withKey(BiFunction<NodeClient, KeyPair, ObjectNode> request) {
      char[] passphrase =
          Passphrases.resolve(Optional.ofNullable(passphraseFile), "key file " + keyFile);
      KeyPair key;
      try {
        key = KeyFile.read(keyFile, passphrase);
      } finally {
        Arrays.fill(passphrase, '\0');
      }
      try {
        return request.apply(node.client(), key);
      } finally {
        key.destroy();
      }
    }
  }

  @Command(
      name = "order",
      mixinStandardHelpOptions = true,
      description = {
        "Place an order on a continuous market; prints the result and its trades.",
        "With --sealed, on a sealed market: the order is sealed to the venue's current epoch",
        "key and sent as an envelope; prints its batch and position. It runs once its epoch",
        "has closed and the key holders have released the key."
      })
  static final class Order implements Runnable {
    @Option(
        names = "--sealed",
        description = "Seal the order to the current epoch key (a sealed market).")
    boolean sealed;

    @Option(
        names = "--key-service",
        paramLabel = "PUBLIC_KEY",
        description =
            "With --sealed: the key service's Ed25519 public key (base58). The epoch must carry"
                + " its signature, or the order is not sent.")
    String keyService;

    @Option(names = "--market", required = true, paramLabel = "SYMBOL")
    String market;

    @Option(names = "--side", required = true, paramLabel = "buy|sell")
    String side;

    @Option(
        names = "--size",
        required = true,
        paramLabel = "AMOUNT",
        description = "In base units, e.g. 10.5.")
    String size;

    @Option(
        names = "--price",
        paramLabel = "PRICE",
        description = "Limit price in quote units; none for a market order.")
    String price;

    @Option(
        names = "--tif",
        paramLabel = "gtc|ioc|fok",
        description = "Time in force (default: gtc for limit, ioc for market orders).")
    String tif;

    @Option(names = "--post-only", description = "Refuse the order if it would trade on arrival.")
    boolean postOnly;

    @Option(names = "--id", paramLabel = "N", description = "Order id (default: a random one).")
    Long id;

    @Mixin Signer signer;
    @Mixin OutputOptions output;

    @Override
    public void run() {
      if (keyService != null && !sealed) {
        throw new SteleException("cli.bad_option", "--key-service goes with --sealed");
      }
      if (sealed) {
        PublicKey trusted = keyService == null ? null : keyServiceKey();
        output.print(
            signer.withKey(
                (node, key) -> {
                  SecureRng rng = new SecureRng();
                  return new SealedOrder(node, key, rng, new SystemClock(), trusted)
                      .place(
                          new SealedOrder.Order(
                              market,
                              side,
                              price,
                              size,
                              tif,
                              postOnly,
                              id != null ? id : ExchangeClient.randomOrderId(rng)));
                }));
        return;
      }
      output.print(
          signer.call(
              client -> {
                ObjectNode order =
                    output
                        .object()
                        .put("market", market)
                        .put("order", id != null ? id : client.newOrderId())
                        .put("side", side)
                        .put("size", size)
                        .put("orderType", price == null ? "market" : "limit")
                        .put("tif", tif != null ? tif : price == null ? "ioc" : "gtc")
                        .put("postOnly", postOnly);
                if (price != null) {
                  order.put("price", price);
                }
                return client.place(order);
              }));
    }

    private PublicKey keyServiceKey() {
      try {
        return PublicKey.fromBase58(keyService);
      } catch (SteleException e) {
        throw new SteleException("cli.bad_option", "--key-service: " + e.getMessage());
      }
    }
  }

  @Command(
      name = "cancel",
      mixinStandardHelpOptions = true,
      description = "Cancel one of your orders.")
  static final class Cancel implements Runnable {
    @Option(names = "--order", required = true, paramLabel = "ID")
    long order;

    @Mixin Signer signer;
    @Mixin OutputOptions output;

    @Override
    public void run() {
      output.print(signer.call(client -> client.cancel(order)));
    }
  }

  @Command(
      name = "amend",
      mixinStandardHelpOptions = true,
      description =
          "Set a new price and size on one of your orders: the new remaining size (--size) or the"
              + " new total, filled plus remaining (--total).")
  static final class Amend implements Runnable {
    @Option(names = "--order", required = true, paramLabel = "ID")
    long order;

    @Option(names = "--price", required = true, paramLabel = "PRICE")
    String price;

    @ArgGroup(multiplicity = "1")
    NewSize newSize;

    /** Exactly one of the two, as the venue's amend request requires. */
    static final class NewSize {
      @Option(
          names = "--size",
          required = true,
          paramLabel = "AMOUNT",
          description = "New remaining size.")
      String size;

      @Option(
          names = "--total",
          required = true,
          paramLabel = "AMOUNT",
          description = "New total size; the venue subtracts the fills the order has.")
      String total;
    }

    @Mixin Signer signer;
    @Mixin OutputOptions output;

    @Override
    public void run() {
      ObjectNode fields =
          JsonNodeFactory.instance.objectNode().put("order", order).put("price", price);
      if (newSize.total != null) {
        fields.put("total", newSize.total);
      } else {
        fields.put("size", newSize.size);
      }
      output.print(
          signer.call(client -> client.send("/v1/exchange/orders/amend", "amend", fields)));
    }
  }

  @Command(
      name = "orders",
      mixinStandardHelpOptions = true,
      description = "Your open and recent orders.")
  static final class Orders implements Runnable {
    @Mixin Signer signer;
    @Mixin OutputOptions output;

    @Override
    public void run() {
      output.print(signer.call(ExchangeClient::orders));
    }
  }

  @Command(
      name = "balances",
      mixinStandardHelpOptions = true,
      description = "Your balances on the venue.")
  static final class Balances implements Runnable {
    @Mixin Signer signer;
    @Mixin OutputOptions output;

    @Override
    public void run() {
      output.print(signer.call(ExchangeClient::balances));
    }
  }

  @Command(
      name = "deposit",
      mixinStandardHelpOptions = true,
      description =
          "Devnet only: credit a key's account from the faucet (sign with the faucet key).")
  static final class Deposit implements Runnable {
    @Option(
        names = "--sealed",
        description =
            "Credit the key's account on the sealed markets (a signed entry of the next sealed"
                + " batch) instead of the continuous ones.")
    boolean sealed;

    @Option(
        names = "--to",
        required = true,
        paramLabel = "KEY",
        description = "Base58 public key to credit.")
    String to;

    @Option(names = "--asset", required = true, paramLabel = "SYMBOL")
    String asset;

    @Option(names = "--amount", required = true, paramLabel = "AMOUNT")
    String amount;

    @Mixin Signer signer;
    @Mixin OutputOptions output;

    @Override
    public void run() {
      output.print(
          signer.call(
              client ->
                  sealed
                      ? client.sealedDeposit(to, asset, amount)
                      : client.deposit(to, asset, amount)));
    }
  }

  @Command(name = "book", mixinStandardHelpOptions = true, description = "A market's order book.")
  static final class Book implements Runnable {
    @Parameters(paramLabel = "MARKET")
    String market;

    @Option(
        names = "--depth",
        paramLabel = "N",
        defaultValue = "20",
        description = "Levels per side (default: ${DEFAULT-VALUE}).")
    int depth;

    @Mixin NodeOption node;
    @Mixin OutputOptions output;

    @Override
    public void run() {
      NodeClient client = node.client();
      output.print(
          client.getObject(
              "/v1/exchange/markets/" + NodeClient.segment(market) + "/book?depth=" + depth));
    }
  }

  @Command(
      name = "replay",
      mixinStandardHelpOptions = true,
      description = {
        "Run a file of exchange commands (one JSON object per line; docs/exchange.md) through",
        "a fresh matching engine and print every resulting event as one JSON object per line,",
        "then the final state hash."
      })
  static final class ReplayCommand implements Runnable {
    @Parameters(paramLabel = "FILE", description = "The command file.")
    Path file;

    @Mixin OutputOptions output;

    @Override
    public void run() {
      try (Reader commands = Files.newBufferedReader(file, StandardCharsets.UTF_8);
          PrintStream events = LineStream.to(output.out())) {
        new Replay().run(commands, events);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
  }
}
