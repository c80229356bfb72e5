package io.stele.exchange.venue;

import io.stele.core.bytes.Bytes;
import io.stele.core.codec.ByteReader;
import io.stele.core.codec.ByteWriter;
import io.stele.exchange.sealed.KeyShare;
import io.stele.exchange.sealed.PrivateFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the venue's in-process key holders keep their shares of each epoch key, so that envelopes
 * admitted to an epoch can still be opened after a restart: {@code key-holders/epoch-<n>.shares} in
 * the venue's private directory (never published), {@code u8 count, count x (u8 index, u16 length,
 * value)}, written whole to a temporary file, forced, and renamed into place before the epoch is
 * announced. One file for all holders is what holders in one process amount to; holders on other
 * machines would each keep their own.
 */
final class HeldShares {
  private final Path dir;

  HeldShares(Path dir) {
    this.dir = dir;
  }

  void write(long epoch, List<KeyShare> shares) {
    ByteWriter w = new ByteWriter(256).u8(shares.size());
    for (KeyShare s : shares) {
      w.u8(s.index()).bytes16(s.value().unsafeArray());
    }
    PrivateFile.write(file(epoch), w.toByteArray());
  }

  Optional<List<KeyShare>> read(long epoch) {
    Path f = file(epoch);
    if (!Files.exists(f)) {
      return Optional.empty();
    }
    try {
      ByteReader r = new ByteReader(Files.readAllBytes(f));
      int n = r.u8("share count");
      List<KeyShare> shares = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = r.u8("share index");
        shares.add(new KeyShare(index, Bytes.wrap(r.bytes16(1024, "share value"))));
      }
      r.end("held shares");
      return Optional.of(shares);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + f, e);
    }
  }

  /** Forgets the shares of an epoch whose batches have all been executed. */
  void delete(long epoch) {
    try {
      Files.deleteIfExists(file(epoch));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + file(epoch), e);
    }
  }

  private Path file(long epoch) {
    return dir.resolve("epoch-" + epoch + ".shares");
  }
}
