package io.stele.exchange.journal;

import io.stele.exchange.engine.Command;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Appends commands to the journal file. Records are {@code u32 length, u32 CRC32C(payload),
 * payload}; {@link #commit()} writes what was appended and forces it to disk, so one fsync covers a
 * whole batch (group commit). Nothing appended is durable, and so nothing may be acknowledged,
 * before {@code commit} returns. Allocation-free after construction.
 */
public final class JournalWriter implements AutoCloseable {
  public static final int RECORD = 8 + CommandCodec.SIZE;

  private final FileChannel channel;
  private final ByteBuffer buffer;
  private final CRC32C crc = new CRC32C();

  /** Opens {@code file} for appending at {@code position} (the end of its last valid record). */
  public JournalWriter(Path file, long position, int bufferBytes) {
    try {
      boolean created = !Files.exists(file);
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      channel.truncate(position);
      channel.position(position);
      if (created) {
        // A new file's directory entry must be durable too, or a power cut could lose the file.
        try (FileChannel dir =
            FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
          dir.force(true);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open journal " + file, e);
    }
    buffer = ByteBuffer.allocateDirect(Math.max(bufferBytes, RECORD));
  }

  public void append(Command c) {
    if (buffer.remaining() < RECORD) {
      drain();
    }
    int start = buffer.position();
    buffer.putInt(CommandCodec.SIZE).putInt(0);
    CommandCodec.encode(c, buffer);
    int end = buffer.position();
    crc.reset();
    buffer.position(start + 8).limit(end);
    crc.update(buffer);
    buffer.limit(buffer.capacity());
    buffer.putInt(start + 4, (int) crc.getValue());
  }

  /** Writes everything appended and forces it to the device. */
  public void commit() {
    drain();
    try {
      channel.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("journal fsync failed", e);
    }
  }

  private void drain() {
    buffer.flip();
    try {
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("journal write failed", e);
    }
    buffer.clear();
  }

  @Override
  public void close() {
    commit();
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close journal", e);
    }
  }
}
