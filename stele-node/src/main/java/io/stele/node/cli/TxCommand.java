package io.stele.node.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.address.Address;
import io.stele.core.clock.SystemClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.core.keyfile.KeyFile;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.tx.Payload;
import io.stele.ledger.tx.Transaction;
import io.stele.ledger.tx.TransactionBuilder;
import io.stele.node.client.NodeClient;
import io.stele.node.config.Passphrases;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "tx",
    mixinStandardHelpOptions = true,
    description = "Build, sign and submit transactions.",
    subcommands = {TxCommand.Transfer.class, TxCommand.Register.class, TxCommand.Vote.class})
final class TxCommand {
  private static final long POLL_MILLIS = 200;

  /** What every transaction command shares: who signs, nonce and fee, where it goes. */
  static final class Signer {
    @Option(
        names = "--key",
        required = true,
        paramLabel = "FILE",
        description = "Key file of the sender.")
    Path keyFile;

    @Option(
        names = "--passphrase-file",
        paramLabel = "FILE",
        description = "First line is the key's passphrase.")
    Path passphraseFile;

    @Option(
        names = "--nonce",
        paramLabel = "N",
        description =
            "Sender's nonce (default: the account's nonce on the node; give it to send several per block).")
    Long nonce;

    @Option(
        names = "--fee",
        paramLabel = "AMOUNT",
        converter = Amounts.class,
        description = "Fee in minor units (default: the chain's minimum for the type).")
    Long fee;

    @Option(names = "--wait", description = "Wait until the transaction is final; print it then.")
    boolean await;

    @Option(
        names = "--timeout",
        paramLabel = "SECONDS",
        defaultValue = "120",
        description = "Give up waiting after this long (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Mixin NodeOption node;

    /** Signs the payload that {@code payload} makes from the chain's genesis, submits it. */
    ObjectNode submit(Function<Genesis, Payload> payload) {
      NodeClient client = node.client();
      Genesis genesis = Genesis.fromJson(client.genesis());
      KeyPair key = readKey();
      try {
        TransactionBuilder builder =
            new TransactionBuilder(genesis.chainId(), genesis.parameters(), key);
        long useNonce = nonce != null ? nonce : accountNonce(client, builder.senderAddress());
        long now = new SystemClock().millis();
        Payload p = payload.apply(genesis);
        Transaction tx =
            fee != null ? builder.build(p, useNonce, now, fee) : builder.build(p, useNonce, now);
        ObjectNode submitted = client.submit(tx.encoded().toArray());
        return await ? waitUntilFinal(client, tx.id().toBase58()) : submitted;
      } finally {
        key.destroy();
      }
    }

    private KeyPair readKey() {
      char[] passphrase =
          Passphrases.resolve(Optional.ofNullable(passphraseFile), "key file " + keyFile);
      try {
        return KeyFile.read(keyFile, passphrase);
      } finally {
        Arrays.fill(passphrase, '\0');
      }
    }

    private static long accountNonce(NodeClient client, Address address) {
      return client.account(address.toString()).path("nonce").asLong();
    }

    private ObjectNode waitUntilFinal(NodeClient client, String id) {
      long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
      Terminal terminal = Terminal.system();
      while (true) {
        Optional<ObjectNode> tx = client.transaction(id);
        if (tx.isPresent() && "final".equals(tx.get().path("status").asText())) {
          terminal.clear();
          return tx.get();
        }
        if (System.nanoTime() > deadline) {
          throw new SteleException(
              "tx.timeout",
              "transaction " + id + " not final within " + timeoutSeconds + " seconds");
        }
        terminal.status("waiting for transaction " + id + " to be final");
        try {
          Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SteleException("cli.interrupted", "interrupted while waiting for " + id);
        }
      }
    }
  }

  @Command(
      name = "transfer",
      mixinStandardHelpOptions = true,
      description = "Send an amount to an address.")
  static final class Transfer implements Runnable {
    @Option(
        names = "--to",
        required = true,
        paramLabel = "ADDRESS",
        description = "Recipient address.")
    String to;

    @Option(
        names = "--amount",
        required = true,
        paramLabel = "AMOUNT",
        converter = Amounts.class,
        description = "Minor units.")
    long amount;

    @Mixin Signer signer;
    @Mixin OutputOptions output;

    @Override
    public void run() {
      output.print(
          signer.submit(
              genesis -> new Payload.Transfer(Address.fromBase58(to, genesis.chainId()), amount)));
    }
  }

  @Command(
      name = "register",
      mixinStandardHelpOptions = true,
      description = "Register the sender as a witness candidate, locking a deposit.")
  static final class Register implements Runnable {
    @Option(
        names = "--deposit",
        paramLabel = "AMOUNT",
        converter = Amounts.class,
        description = "Deposit in minor units (default: the chain's candidate deposit).")
    Long deposit;

    @Mixin Signer signer;
    @Mixin OutputOptions output;

    @Override
    public void run() {
      output.print(
          signer.submit(
              genesis ->
                  new Payload.RegisterCandidate(
                      deposit != null ? deposit : genesis.parameters().candidateDeposit())));
    }
  }

  @Command(
      name = "vote",
      mixinStandardHelpOptions = true,
      description = "Stake an amount as votes for a witness candidate.")
  static final class Vote implements Runnable {
    @Option(
        names = "--candidate",
        required = true,
        paramLabel = "PUBLIC_KEY",
        description = "The candidate's public key (base58).")
    String candidate;

    @Option(
        names = "--amount",
        required = true,
        paramLabel = "AMOUNT",
        converter = Amounts.class,
        description = "Minor units.")
    long amount;

    @Mixin Signer signer;
    @Mixin OutputOptions output;

    @Override
    public void run() {
      output.print(
          signer.submit(genesis -> new Payload.Vote(PublicKey.fromBase58(candidate), amount)));
    }
  }
}
