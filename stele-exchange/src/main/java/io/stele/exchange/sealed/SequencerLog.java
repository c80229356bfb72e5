package io.stele.exchange.sealed;

import io.stele.core.codec.ByteReader;
import io.stele.core.codec.ByteWriter;
import io.stele.core.error.SteleException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;

/**
 * The sequencer's inputs, appended in the order they take effect: each epoch it opens, each
 * envelope it admits and each batch it seals, with the clock reading it used. An input is
 * acknowledged only once a {@link #force} covering its record has returned (group commit: one fsync
 * for every record appended meanwhile). The sequencer is a deterministic state machine, so
 * replaying the log rebuilds its state exactly: the chain head, the open batch's envelopes and the
 * counters seen. Records are {@code u32 length, u32 CRC32C(payload), payload}, payload {@code u8
 * kind, i64 time, body}; the log is cut at its first torn record on open (a crash before a force
 * covered it, so it and what follows were never acknowledged), as in the engine journal.
 */
public final class SequencerLog implements AutoCloseable {
  /**
   * One logged input. {@code body} is the announcement, the envelope, the bundle or the deposit;
   * empty for a seal.
   */
  public record Entry(Kind kind, long time, byte[] body) {}

  public enum Kind {
    EPOCH,
    ENVELOPE,
    SEAL,
    /** A client-signed bundle of envelopes, admitted whole: one record, one fsync. */
    BUNDLE,
    /** A signed plaintext deposit ({@link SealedDeposit}). */
    DEPOSIT
  }

  private static final int MAX_RECORD =
      1 + 8 + Math.max(SealedEnvelope.MAX_LENGTH + 64 * 255, SealedBundle.MAX_LENGTH);
  private static final Kind[] KINDS = Kind.values();

  private final FileChannel channel;
  private List<Entry> entries;

  /** Bytes written, guarded by this log's monitor (the appenders' lock). */
  private long written;

  // Group commit: guarded by forceLock. Nothing counts as durable until a force after open.
  private final ReentrantLock forceLock = new ReentrantLock();
  private final Condition forced = forceLock.newCondition();
  private boolean forcing;
  private long durable;

  private SequencerLog(FileChannel channel, List<Entry> entries, long written) {
    this.channel = channel;
    this.entries = entries;
    this.written = written;
  }

  /** Opens (or creates) the log, reading every intact record and cutting off a torn tail. */
  public static SequencerLog open(Path file) {
    try {
      boolean created = !Files.exists(file);
      FileChannel ch =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      if (created) {
        try (FileChannel dir =
            FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
          dir.force(true);
        }
      }
      if (ch.size() > Integer.MAX_VALUE - 8) {
        throw new SteleException("sequencer.log_corrupt", file + " is larger than 2 GiB");
      }
      byte[] all = new byte[(int) ch.size()];
      ByteBuffer into = ByteBuffer.wrap(all);
      while (into.hasRemaining() && ch.read(into, into.position()) >= 0) {
        // a read may return fewer bytes than asked for
      }
      List<Entry> entries = new ArrayList<>();
      int valid = read(all, entries);
      if (valid < ch.size()) {
        ch.truncate(valid);
        ch.force(true);
      }
      ch.position(valid);
      return new SequencerLog(ch, entries, valid);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open sequencer log " + file, e);
    }
  }

  /** Reads records into {@code out}; returns the length of the intact prefix. */
  private static int read(byte[] all, List<Entry> out) {
    int at = 0;
    while (all.length - at >= 8) {
      ByteBuffer head = ByteBuffer.wrap(all, at, 8);
      int length = head.getInt();
      int crc = head.getInt();
      if (length < 9 || length > MAX_RECORD || all.length - at - 8 < length) {
        break;
      }
      CRC32C check = new CRC32C();
      check.update(all, at + 8, length);
      if ((int) check.getValue() != crc) {
        break;
      }
      ByteReader r = new ByteReader(all, at + 8, length);
      int kind = r.u8("kind");
      if (kind >= KINDS.length) {
        throw new SteleException(
            "sequencer.log_corrupt", "record at byte " + at + " has kind " + kind);
      }
      long time = r.i64("time");
      out.add(new Entry(KINDS[kind], time, r.fixed(r.remaining(), "body")));
      at += 8 + length;
    }
    return at;
  }

  /** What the log held when it was opened, oldest first; handed out once, then forgotten. */
  List<Entry> takeEntries() {
    List<Entry> out = entries;
    entries = List.of();
    return out;
  }

  /**
   * Appends one input (written, not yet forced) and returns the log's end after it: the position
   * {@link #force} must reach before the input may be acknowledged. Appends are made in the order
   * the sequencer applies its inputs, under its lock; the log replays them in that order.
   */
  public synchronized long append(Kind kind, long time, byte[] body) {
    byte[] payload =
        new ByteWriter(9 + body.length).u8(kind.ordinal()).i64(time).fixed(body).toByteArray();
    CRC32C crc = new CRC32C();
    crc.update(payload);
    ByteBuffer record = ByteBuffer.allocate(8 + payload.length);
    record.putInt(payload.length).putInt((int) crc.getValue()).put(payload).flip();
    try {
      while (record.hasRemaining()) {
        channel.write(record);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("sequencer log write failed", e);
    }
    written += record.limit();
    return written;
  }

  /**
   * Returns once every record up to {@code position} is on disk. Group commit: the first waiter
   * forces the log up to its current end, outside any lock the appenders hold; waiters that arrive
   * meanwhile wait for that force, or for the next one if theirs was appended after it began. One
   * fsync so covers every record appended while the previous one ran.
   */
  public void force(long position) {
    if (position > end()) {
      // Forcing can never reach a position nothing was written at: refuse rather than spin.
      throw new IllegalArgumentException(
          "position " + position + " is past the log's end " + end());
    }
    forceLock.lock();
    try {
      while (durable < position) {
        if (forcing) {
          forced.awaitUninterruptibly();
          continue;
        }
        forcing = true;
        long target = end();
        forceLock.unlock();
        boolean done = false;
        try {
          channel.force(false);
          done = true;
        } catch (IOException e) {
          throw new UncheckedIOException("sequencer log force failed", e);
        } finally {
          forceLock.lock();
          forcing = false;
          if (done) {
            durable = Math.max(durable, target);
          }
          // On failure a waiter takes over and forces again; the failed admitter gets the error.
          forced.signalAll();
        }
      }
    } finally {
      forceLock.unlock();
    }
  }

  /** The position after the last appended record. */
  public synchronized long end() {
    return written;
  }

  /** The announcement's bytes as logged: {@link EpochAnnouncement#encode()}. */
  static byte[] encode(EpochAnnouncement a) {
    return a.encode();
  }

  static EpochAnnouncement decode(byte[] bytes) {
    return EpochAnnouncement.decode(bytes);
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close sequencer log", e);
    }
  }
}
