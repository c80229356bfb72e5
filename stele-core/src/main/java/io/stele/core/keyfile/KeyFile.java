package io.stele.core.keyfile;

import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.core.random.Rng;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * An Ed25519 key stored at rest: the 32-byte seed encrypted with AES-256-GCM under a key that
 * Argon2id derives from a passphrase. The file is small versioned JSON, described in {@link
 * KeyFileFormat}; the KDF parameters, salt, public key and chain id are bound to the ciphertext as
 * associated data, so changing any of them makes the file fail to open.
 *
 * <p>Errors: {@code keyfile.passphrase} (wrong passphrase, or ciphertext or header altered), {@code
 * keyfile.format} (not a key file Stele can read), {@code keyfile.integrity} (the file names an
 * address that is not its key's, or decrypts to a key other than the one it names), {@code
 * keyfile.missing}, {@code keyfile.exists}.
 */
public final class KeyFile {
  /** Key files are a few hundred bytes; anything much larger is not one. */
  static final int MAX_FILE_BYTES = 16 * 1024;

  private KeyFile() {}

  /**
   * Argon2id cost: memory in KiB, passes, and lanes. The defaults take RFC 9106's second
   * recommended option (64 MiB, 3 passes) with one lane, as BouncyCastle fills lanes on one thread
   * anyway; tests use small values.
   */
  public record Params(int memoryKiB, int iterations, int parallelism) {
    public static final Params DEFAULT = new Params(64 * 1024, 3, 1);
    static final int MAX_MEMORY_KIB = 1024 * 1024;
    static final int MAX_ITERATIONS = 64;
    static final int MAX_PARALLELISM = 16;

    /** Bounds keep a hostile key file from asking for gigabytes or hours of work. */
    public Params {
      if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
        throw new IllegalArgumentException(
            "parallelism must be 1.." + MAX_PARALLELISM + ", not " + parallelism);
      }
      if (memoryKiB < 8 * parallelism || memoryKiB > MAX_MEMORY_KIB) {
        throw new IllegalArgumentException(
            "memoryKiB must be "
                + 8 * parallelism
                + ".."
                + MAX_MEMORY_KIB
                + " for "
                + parallelism
                + " lane(s), not "
                + memoryKiB);
      }
      if (iterations < 1 || iterations > MAX_ITERATIONS) {
        throw new IllegalArgumentException(
            "iterations must be 1.." + MAX_ITERATIONS + ", not " + iterations);
      }
    }
  }

  /** Writes {@code key} to a new file with the default Argon2id cost and no chain id. */
  public static void write(Path file, KeyPair key, char[] passphrase, Rng rng) {
    write(file, key, passphrase, rng, Params.DEFAULT);
  }

  public static void write(Path file, KeyPair key, char[] passphrase, Rng rng, Params params) {
    write(file, KeyFileFormat.seal(key, passphrase, rng, params, null));
  }

  /** As {@link #write(Path, KeyPair, char[], Rng, Params)}, also naming the key's address. */
  public static void write(
      Path file, KeyPair key, char[] passphrase, Rng rng, Params params, byte chainId) {
    write(file, KeyFileFormat.seal(key, passphrase, rng, params, chainId));
  }

  /** Opens the key file with {@code passphrase}. */
  public static KeyPair read(Path file, char[] passphrase) {
    return KeyFileFormat.open(readBounded(file), passphrase);
  }

  private static byte[] readBounded(Path file) {
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new SteleException(
            "keyfile.format", file + " is larger than " + MAX_FILE_BYTES + " bytes");
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new SteleException("keyfile.missing", "no key file at " + file, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Writes to a temporary file beside the target, created with mode 600 (POSIX file systems only),
   * forces it to disk, then renames it into place, so a crash leaves either no key file or a
   * complete one, never a torn one.
   */
  private static void write(Path file, byte[] content) {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    if (Files.exists(target)) {
      throw new SteleException(
          "keyfile.exists", target + " already exists; refusing to overwrite a key");
    }
    Path temp = null;
    try {
      temp =
          Files.createTempFile(
              dir,
              "." + target.getFileName(),
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        out.force(true);
      }
      if (Files.exists(target)) {
        throw new FileAlreadyExistsException(target.toString());
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      temp = null;
      try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
        directory.force(true);
      }
    } catch (FileAlreadyExistsException e) {
      throw new SteleException(
          "keyfile.exists", target + " already exists; refusing to overwrite a key", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    } finally {
      deleteLeftover(temp);
    }
  }

  private static void deleteLeftover(Path temp) {
    if (temp == null) {
      return;
    }
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove temporary key file " + temp, e);
    }
  }
}
