package io.stele.exchange.journal;

import io.stele.core.codec.ByteReader;
import io.stele.core.codec.ByteWriter;
import io.stele.core.error.SteleException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Snapshot files {@code snapshot-<sequence, 20 digits>.bin}: {@code u32 "STLS", i64 sequence, u32
 * length, u32 CRC32C(dump), dump}, where the dump is the engine's canonical state after the command
 * with that sequence. Written to a temporary file, forced, then renamed into place, so a crash
 * leaves either the whole snapshot or none.
 */
public final class Snapshots {
  private static final long MAGIC = 0x53544C53L;
  private static final int MAX_DUMP = Integer.MAX_VALUE - 64;

  /** A snapshot read back: the sequence it was taken at and the engine dump. */
  public record Snapshot(long sequence, byte[] dump) {}

  private Snapshots() {}

  public static Path write(Path dir, long sequence, byte[] dump) {
    CRC32C crc = new CRC32C();
    crc.update(dump);
    byte[] file =
        new ByteWriter(dump.length + 20)
            .u32(MAGIC)
            .i64(sequence)
            .u32(dump.length)
            .u32(crc.getValue())
            .fixed(dump)
            .toByteArray();
    Path target = dir.resolve(String.format("snapshot-%020d.bin", sequence));
    Path tmp = dir.resolve(target.getFileName() + ".tmp");
    try {
      try (FileChannel ch =
          FileChannel.open(
              tmp,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        ch.write(ByteBuffer.wrap(file));
        ch.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
        d.force(true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write snapshot " + target, e);
    }
    return target;
  }

  /**
   * Deletes the snapshots older than the newest one before {@code kept}: the snapshot at {@code
   * kept} and one older fallback remain.
   */
  public static void prune(Path dir, long kept) {
    List<Path> older =
        files(dir).stream().filter(p -> sequenceOf(p) < kept).toList(); // newest first
    for (Path p : older.subList(Math.min(1, older.size()), older.size())) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete " + p, e);
      }
    }
  }

  private static long sequenceOf(Path p) {
    String name = p.getFileName().toString();
    return Long.parseLong(name.substring("snapshot-".length(), name.length() - ".bin".length()));
  }

  private static List<Path> files(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().matches("snapshot-\\d{20}\\.bin"))
          .sorted(Comparator.reverseOrder())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  /** The newest snapshot that reads back intact, if any; damaged ones are skipped. */
  public static Optional<Snapshot> latest(Path dir) {
    for (Path p : files(dir)) {
      try {
        return Optional.of(read(Files.readAllBytes(p)));
      } catch (SteleException damaged) {
        // Skip to the next older snapshot: an intact older one plus the journal still recovers.
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + p, e);
      }
    }
    return Optional.empty();
  }

  static Snapshot read(byte[] file) {
    ByteReader r = new ByteReader(file);
    if (r.u32("magic") != MAGIC) {
      throw new SteleException("snapshot.format", "not a snapshot file");
    }
    long sequence = r.i64("sequence");
    long length = r.u32("length");
    long expected = r.u32("checksum");
    if (length > MAX_DUMP) {
      throw new SteleException("snapshot.format", "dump length " + length + " is too large");
    }
    byte[] dump = r.fixed((int) length, "dump");
    r.end("snapshot");
    CRC32C crc = new CRC32C();
    crc.update(dump);
    if (crc.getValue() != expected) {
      throw new SteleException(
          "snapshot.checksum", "snapshot at sequence " + sequence + " is damaged");
    }
    return new Snapshot(sequence, dump);
  }
}
