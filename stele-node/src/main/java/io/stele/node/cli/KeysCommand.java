package io.stele.node.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.address.Address;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.core.keyfile.KeyFile;
import io.stele.core.random.SecureRng;
import io.stele.node.config.Passphrases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Create and inspect encrypted key files.",
    subcommands = {KeysCommand.New.class, KeysCommand.Show.class})
final class KeysCommand {

  static ObjectNode describe(PublicKey key, byte chainId) {
    return JsonNodeFactory.instance
        .objectNode()
        .put("address", Address.of(key, chainId).toString())
        .put("publicKey", key.toString())
        .put("chainId", String.valueOf((char) chainId));
  }

  @Command(
      name = "new",
      mixinStandardHelpOptions = true,
      description = {
        "Create a new Ed25519 key and write it encrypted (Argon2id + AES-256-GCM).",
        "The passphrase comes from --passphrase-file, else STELE_PASSPHRASE, else a prompt."
      })
  static final class New implements Runnable {
    @Option(
        names = "--out",
        paramLabel = "FILE",
        defaultValue = "stele.key",
        description = "Where to write the key file; never overwritten (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(
        names = "--passphrase-file",
        paramLabel = "FILE",
        description = "First line is the passphrase.")
    Path passphraseFile;

    @Option(
        names = "--chain-id",
        paramLabel = "C",
        defaultValue = ChainIdConverter.DEVNET,
        converter = ChainIdConverter.class,
        description = "Chain whose address the file records (default: ${DEFAULT-VALUE}).")
    byte chainId;

    @Mixin OutputOptions output;

    @Override
    public void run() {
      char[] passphrase = Passphrases.resolve(Optional.ofNullable(passphraseFile), "the new key");
      SecureRng rng = new SecureRng();
      KeyPair key = KeyPair.generate(rng);
      try {
        KeyFile.write(out, key, passphrase, rng, KeyFile.Params.DEFAULT, chainId);
      } finally {
        Arrays.fill(passphrase, '\0');
        key.destroy();
      }
      output.print(describe(key.publicKey(), chainId).put("file", out.toString()));
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show a key file's address and public key (no passphrase needed).")
  static final class Show implements Runnable {
    private static final int MAX_FILE_BYTES = 16 * 1024;

    @Parameters(paramLabel = "FILE", description = "A key file.")
    Path file;

    @Option(
        names = "--chain-id",
        paramLabel = "C",
        converter = ChainIdConverter.class,
        description = "Show the address on this chain (default: the chain the file records).")
    Byte chainId;

    @Mixin OutputOptions output;

    @Override
    public void run() {
      JsonNode root = readPublicPart();
      PublicKey key = PublicKey.fromBase58(root.path("publicKey").asText());
      byte chain;
      if (chainId != null) {
        chain = chainId;
      } else if (root.path("chainId").isTextual()) {
        chain = new ChainIdConverter().convert(root.path("chainId").asText());
      } else {
        throw new SteleException(
            "keyfile.chain", file + " records no chain id; give --chain-id to see an address");
      }
      output.print(describe(key, chain));
    }

    /** Only the public fields; opening the key itself needs the passphrase and is not needed. */
    private JsonNode readPublicPart() {
      try {
        if (Files.size(file) > MAX_FILE_BYTES) {
          throw new SteleException("keyfile.format", file + " is too large to be a key file");
        }
        JsonNode root = new ObjectMapper().readTree(Files.readAllBytes(file));
        if (root == null || !"stele-keyfile".equals(root.path("type").asText())) {
          throw new SteleException("keyfile.format", file + " is not a Stele key file");
        }
        return root;
      } catch (JsonProcessingException e) {
        throw new SteleException(
            "keyfile.format", file + " is not JSON: " + e.getOriginalMessage());
      } catch (IOException e) {
        throw new SteleException("cli.io", "cannot read " + file + ": " + e.getMessage(), e);
      }
    }
  }
}
