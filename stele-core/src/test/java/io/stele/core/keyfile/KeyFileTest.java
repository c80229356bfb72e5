package io.stele.core.keyfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.address.Address;
import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.core.random.SeededRng;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HexFormat;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyFileTest {
  private static final KeyFile.Params SMALL = new KeyFile.Params(64, 1, 1);
  private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final KeyPair key = KeyPair.generate(new SeededRng(7));

  /** The reference implementation's own known answers (phc-winner-argon2, src/test.c). */
  @ParameterizedTest(name = "argon2id m={0} KiB t={1} p={2}")
  @CsvSource({
    "256, 2, 1, 9dfeb910e80bad0311fee20f9c0e2b12c17987b4cac90c2ef54d5b3021c68bfe",
    "256, 2, 2, 6d093c501fd5999645e0ea3bf620d7b8be7fd2db59c20d9fff9539da2bf57037",
    "65536, 2, 1, 09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7",
  })
  void argon2idGivesTheReferenceOutput(int memoryKiB, int iterations, int lanes, String tag) {
    byte[] key =
        KeyFileCipher.deriveKey(
            "password".toCharArray(),
            "somesalt".getBytes(StandardCharsets.US_ASCII),
            new KeyFile.Params(memoryKiB, iterations, lanes));
    assertThat(HexFormat.of().formatHex(key)).isEqualTo(tag);
  }

  @Test
  void aWrittenKeyReadsBackWithItsPassphrase() {
    Path file = dir.resolve("witness.key");
    KeyFile.write(file, key, PASSPHRASE, new SeededRng(1), SMALL);

    KeyPair read = KeyFile.read(file, PASSPHRASE.clone());
    assertThat(read.publicKey()).isEqualTo(key.publicKey());
    assertThat(read.seed()).isEqualTo(key.seed());
  }

  @Test
  void theFileIsPrivateAndNoTemporaryFileRemains() throws IOException {
    Path file = dir.resolve("witness.key");
    KeyFile.write(file, key, PASSPHRASE, new SeededRng(1), SMALL);

    assertThat(Files.getPosixFilePermissions(file))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("witness.key");
    }
  }

  @Test
  void theFileNamesTheKeyButNotTheSeed() throws IOException {
    Path file = dir.resolve("witness.key");
    KeyFile.write(file, key, PASSPHRASE, new SeededRng(1), SMALL, (byte) 'T');

    String text = Files.readString(file);
    JsonNode json = JSON.readTree(text);
    assertThat(json.get("type").asText()).isEqualTo("stele-keyfile");
    assertThat(json.get("version").asInt()).isEqualTo(1);
    assertThat(json.get("publicKey").asText()).isEqualTo(key.publicKey().toString());
    assertThat(json.get("chainId").asText()).isEqualTo("T");
    assertThat(json.get("address").asText())
        .isEqualTo(Address.of(key.publicKey(), (byte) 'T').toString());
    assertThat(json.at("/kdf/memoryKiB").asInt()).isEqualTo(64);
    assertThat(json.at("/kdf/salt").asText()).hasSize(32);
    assertThat(json.at("/cipher/nonce").asText()).hasSize(24);
    assertThat(json.at("/cipher/ciphertext").asText()).hasSize(96);
    assertThat(text).doesNotContain(HexFormat.of().formatHex(key.seed()));
    assertThat(KeyFile.read(file, PASSPHRASE).publicKey()).isEqualTo(key.publicKey());
  }

  @Test
  void theDefaultCostIsArgon2id64MiBThreePasses() throws IOException {
    Path file = dir.resolve("default.key");
    KeyFile.write(file, key, PASSPHRASE, new SeededRng(1));

    JsonNode kdf = JSON.readTree(file.toFile()).get("kdf");
    assertThat(kdf.get("algorithm").asText()).isEqualTo("argon2id");
    assertThat(kdf.get("memoryKiB").asInt()).isEqualTo(65536);
    assertThat(kdf.get("iterations").asInt()).isEqualTo(3);
    assertThat(kdf.get("parallelism").asInt()).isEqualTo(1);
  }

  @Test
  void theSameRandomnessWritesTheSameBytes() throws IOException {
    Path a = dir.resolve("a.key");
    Path b = dir.resolve("b.key");
    KeyFile.write(a, key, PASSPHRASE, new SeededRng(3), SMALL);
    KeyFile.write(b, key, PASSPHRASE, new SeededRng(3), SMALL);
    assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
  }

  @Test
  void aWrongPassphraseIsRejected() {
    Path file = dir.resolve("witness.key");
    KeyFile.write(file, key, PASSPHRASE, new SeededRng(1), SMALL);
    assertThatThrownBy(() -> KeyFile.read(file, "correct horse battery stapler".toCharArray()))
        .isInstanceOf(SteleException.class)
        .hasMessage("wrong passphrase, or the key file has been altered")
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("keyfile.passphrase");
  }

  @Test
  void anEmptyPassphraseIsRefusedOnWrite() {
    assertThatThrownBy(
            () -> KeyFile.write(dir.resolve("k"), key, new char[0], new SeededRng(1), SMALL))
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("keyfile.passphrase");
    assertThat(dir.resolve("k")).doesNotExist();
  }

  @Test
  void anExistingFileIsNeverOverwritten() throws IOException {
    Path file = dir.resolve("witness.key");
    KeyFile.write(file, key, PASSPHRASE, new SeededRng(1), SMALL);
    byte[] before = Files.readAllBytes(file);

    KeyPair other = KeyPair.generate(new SeededRng(99));
    assertThatThrownBy(() -> KeyFile.write(file, other, PASSPHRASE, new SeededRng(2), SMALL))
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("keyfile.exists");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void aMissingFileIsReportedAsMissing() {
    assertThatThrownBy(() -> KeyFile.read(dir.resolve("nope.key"), PASSPHRASE))
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("keyfile.missing");
  }

  /** Every field that feeds the cipher is bound to it: changing one fails to open the file. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "/cipher/ciphertext, keyfile.passphrase",
    "/cipher/nonce, keyfile.passphrase",
    "/kdf/salt, keyfile.passphrase",
  })
  void alteredBytesAreRejected(String pointer, String code) throws IOException {
    Path file = written((byte) 'T');
    edit(
        file,
        json -> {
          ObjectNode parent = (ObjectNode) json.at(pointer.substring(0, pointer.lastIndexOf('/')));
          String field = pointer.substring(pointer.lastIndexOf('/') + 1);
          String hex = parent.get(field).asText();
          char flipped = hex.charAt(0) == '0' ? '1' : '0';
          parent.put(field, flipped + hex.substring(1));
        });
    assertThatThrownBy(() -> KeyFile.read(file, PASSPHRASE))
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo(code);
  }

  @Test
  void alteredKdfCostIsRejected() throws IOException {
    Path file = written(null);
    edit(file, json -> ((ObjectNode) json.get("kdf")).put("memoryKiB", 72));
    assertThatThrownBy(() -> KeyFile.read(file, PASSPHRASE))
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("keyfile.passphrase");
  }

  @Test
  void anotherPublicKeyIsRejected() throws IOException {
    Path file = written(null);
    KeyPair other = KeyPair.generate(new SeededRng(99));
    edit(file, json -> ((ObjectNode) json).put("publicKey", other.publicKey().toString()));
    assertThatThrownBy(() -> KeyFile.read(file, PASSPHRASE))
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("keyfile.passphrase");
  }

  @Test
  void anAddressThatIsNotTheKeysIsAnIntegrityError() throws IOException {
    Path file = written((byte) 'T');
    KeyPair other = KeyPair.generate(new SeededRng(99));
    edit(
        file,
        json ->
            ((ObjectNode) json)
                .put("address", Address.of(other.publicKey(), (byte) 'T').toString()));
    assertThatThrownBy(() -> KeyFile.read(file, PASSPHRASE))
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("keyfile.integrity");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not JSON | {\"type\": | not JSON",
        "an array | [] | a key file is a JSON object",
        "empty | '' | a key file is a JSON object",
      })
  void textThatIsNotAKeyFileIsAFormatError(String what, String content, String message)
      throws IOException {
    Path file = dir.resolve("bad.key");
    Files.writeString(file, content);
    assertThatThrownBy(() -> KeyFile.read(file, PASSPHRASE))
        .hasMessageContaining(message)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("keyfile.format");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "version 2 | /version | 2 | unsupported key file version 2",
        "version as text | /version | '\"1\"' | key file.version must be an integer",
        "other type | /type | '\"wallet\"' | type is not",
        "scrypt | /kdf/algorithm | '\"scrypt\"' | kdf.algorithm must be",
        "chacha | /cipher/algorithm | '\"chacha20\"' | cipher.algorithm must be",
        "huge memory | /kdf/memoryKiB | 4194304 | kdf: memoryKiB must be",
        "zero passes | /kdf/iterations | 0 | kdf: iterations must be",
        "many lanes | /kdf/parallelism | 64 | kdf: parallelism must be",
        "short salt | /kdf/salt | '\"00\"' | kdf.salt must be 16 to 64 bytes",
        "odd hex | /cipher/nonce | '\"00112233445566778899aab\"' | cipher.nonce must be 12 bytes",
        "bad hex | /cipher/nonce | '\"00112233445566778899aazz\"' | cipher.nonce is not hex",
        "short ciphertext | /cipher/ciphertext | '\"00\"' | cipher.ciphertext must be 48 bytes",
        "bad key | /publicKey | '\"0OIl\"' | publicKey: invalid base58",
        "bad chain | /chainId | '\"TT\"' | chainId must be one printable ASCII",
        "extra member | /note | '\"hi\"' | unexpected member \"note\"",
        "extra kdf member | /kdf/pepper | 1 | kdf: unexpected member \"pepper\"",
      })
  void malformedMembersAreFormatErrors(String what, String pointer, String value, String message)
      throws IOException {
    Path file = written((byte) 'T');
    JsonNode replacement = JSON.readTree(value);
    edit(
        file,
        json -> {
          int cut = pointer.lastIndexOf('/');
          ObjectNode parent = (ObjectNode) (cut == 0 ? json : json.at(pointer.substring(0, cut)));
          parent.set(pointer.substring(cut + 1), replacement);
        });
    assertThatThrownBy(() -> KeyFile.read(file, PASSPHRASE))
        .hasMessageContaining(message)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("keyfile.format");
  }

  @Test
  void aMissingMemberIsAFormatError() throws IOException {
    Path file = written(null);
    edit(file, json -> ((ObjectNode) json.get("cipher")).remove("nonce"));
    assertThatThrownBy(() -> KeyFile.read(file, PASSPHRASE))
        .hasMessage("cipher: missing member \"nonce\"")
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("keyfile.format");
  }

  @Test
  void aDuplicatedMemberIsAFormatError() throws IOException {
    Path file = written(null);
    String text = Files.readString(file);
    Files.writeString(file, text.replaceFirst("\\{", "{\"version\": 1,"));
    assertThatThrownBy(() -> KeyFile.read(file, PASSPHRASE))
        .hasMessageContaining("Duplicate field 'version'")
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("keyfile.format");
  }

  @Test
  void anOversizedFileIsRefusedUnread() throws IOException {
    Path file = dir.resolve("big.key");
    Files.write(file, new byte[KeyFile.MAX_FILE_BYTES + 1]);
    assertThatThrownBy(() -> KeyFile.read(file, PASSPHRASE))
        .hasMessageContaining("larger than 16384 bytes")
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("keyfile.format");
  }

  private Path written(Byte chainId) {
    Path file = dir.resolve("witness.key");
    if (chainId == null) {
      KeyFile.write(file, key, PASSPHRASE, new SeededRng(1), SMALL);
    } else {
      KeyFile.write(file, key, PASSPHRASE, new SeededRng(1), SMALL, chainId);
    }
    return file;
  }

  private static void edit(Path file, Consumer<JsonNode> change) throws IOException {
    JsonNode json = JSON.readTree(file.toFile());
    change.accept(json);
    Files.write(file, JSON.writeValueAsBytes(json));
  }

  @Test
  void paramsOutsideTheBoundsAreRefused() {
    assertThatThrownBy(() -> new KeyFile.Params(7, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new KeyFile.Params(64, 65, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new KeyFile.Params(64, 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Set.of(KeyFile.Params.DEFAULT)).containsExactly(new KeyFile.Params(65536, 3, 1));
  }
}
