package io.stele.exchange.journal;

import io.stele.core.error.SteleException;
import io.stele.exchange.engine.Command;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * Reads a journal from the start. A last record that is incomplete or fails its checksum is a write
 * torn by a crash: it was never committed, so it is cut off and the file truncated there. Records
 * must carry consecutive sequence numbers.
 */
public final class JournalReader {
  /** What a read found: records read, the last sequence, and bytes kept and cut off. */
  public record Result(long records, long lastSequence, long validBytes, long truncatedBytes) {}

  private JournalReader() {}

  /**
   * Passes every valid record to {@code each} (one reused Command: copy it to keep it), then
   * truncates any torn tail. A missing file reads as empty.
   */
  public static Result read(Path file, Consumer<Command> each) {
    if (!Files.exists(file)) {
      return new Result(0, 0, 0, 0);
    }
    Command c = new Command();
    CRC32C crc = new CRC32C();
    ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
    long valid = 0;
    long records = 0;
    long last = 0;
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = ch.size();
      boolean torn = false;
      while (!torn && (ch.read(buf) >= 0 || buf.position() > 0)) {
        buf.flip();
        while (buf.remaining() >= 8) {
          int start = buf.position();
          int length = buf.getInt(start);
          if (length != CommandCodec.SIZE) {
            torn = true;
            break;
          }
          if (buf.remaining() < JournalWriter.RECORD) {
            break;
          }
          int limit = buf.limit();
          crc.reset();
          buf.position(start + 8).limit(start + JournalWriter.RECORD);
          crc.update(buf);
          buf.limit(limit);
          if ((int) crc.getValue() != buf.getInt(start + 4)) {
            torn = true;
            break;
          }
          buf.position(start + 8);
          CommandCodec.decode(buf, c);
          if (records > 0 && c.sequence != last + 1) {
            throw new SteleException(
                "journal.gap", "record after sequence " + last + " has sequence " + c.sequence);
          }
          last = c.sequence;
          records++;
          valid += JournalWriter.RECORD;
          each.accept(c);
        }
        boolean atEnd = ch.position() >= size;
        buf.compact();
        if (atEnd && !torn) {
          // Whatever is left in the buffer is a partial record at the end of the file.
          break;
        }
      }
      if (valid < size) {
        ch.truncate(valid);
        ch.force(true);
      }
      return new Result(records, last, valid, size - valid);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read journal " + file, e);
    }
  }
}
