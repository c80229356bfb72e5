package io.stele.exchange.sealed;

import io.stele.core.anchor.AnchorProof;
import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Custody by a {@link KeyService} and {@link KeyHolderService}s in other processes: the venue asks
 * the key service for each epoch (checking its signature) and, once an epoch has closed, collects
 * the threshold of released shares from the holders, checking each against the announcement. The
 * holders follow the published chain themselves, so nothing is handed to them from here. The next
 * epoch is asked for while the current one runs, so closing an epoch waits for no one.
 */
public final class RemoteCustody implements EpochCustody {
  /** The key service as the venue reaches it: the signed epoch's bytes. */
  public interface KeyServiceLink {
    byte[] announce(long epoch);
  }

  /** One holder as the venue reaches it: its released share, or a refusal while it withholds. */
  public interface HolderLink {
    KeyShare share(long epoch);
  }

  private static final long RETRY_MILLIS = 50;
  private static final long DEAL_PATIENCE_MILLIS = 120_000;

  private final PublicKey keyService;
  private final KeyServiceLink dealer;
  private final List<HolderLink> holders;
  private final ExecutorService workers =
      Executors.newCachedThreadPool(
          r -> Thread.ofPlatform().name("venue-custody").daemon().unstarted(r));
  private final Map<Long, CompletableFuture<SignedEpoch>> ahead = new HashMap<>();
  private volatile boolean closed;

  /** Holder i (from 1) is {@code holders.get(i - 1)}, as the key service numbers them. */
  public RemoteCustody(PublicKey keyService, KeyServiceLink dealer, List<HolderLink> holders) {
    this.keyService = keyService;
    this.dealer = dealer;
    this.holders = List.copyOf(holders);
  }

  @Override
  public synchronized Dealt deal(long epoch, long afterSequence, Bytes afterHash) {
    CompletableFuture<SignedEpoch> prefetched = ahead.remove(epoch);
    SignedEpoch signed = null;
    if (prefetched != null) {
      try {
        signed = prefetched.get();
      } catch (ExecutionException e) {
        signed = null; // asked again below, with patience
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SteleException("custody.unavailable", "interrupted while dealing " + epoch);
      }
    }
    if (signed == null) {
      signed = announceWithPatience(epoch);
    }
    ahead.put(epoch + 1, CompletableFuture.supplyAsync(() -> announce(epoch + 1), workers));
    return new Dealt(signed.announcement(), Optional.of(signed));
  }

  @Override
  public Optional<PublicKey> keyService() {
    return Optional.of(keyService);
  }

  private SignedEpoch announceWithPatience(long epoch) {
    long deadline = System.nanoTime() + DEAL_PATIENCE_MILLIS * 1_000_000;
    while (true) {
      try {
        return announce(epoch);
      } catch (SteleException e) {
        if (closed || System.nanoTime() > deadline || !e.code().endsWith("unavailable")) {
          throw e;
        }
      }
      pause();
    }
  }

  private SignedEpoch announce(long epoch) {
    SignedEpoch signed = SignedEpoch.verify(dealer.announce(epoch), keyService);
    if (signed.announcement().epoch() != epoch) {
      throw new SteleException(
          "custody.bad_epoch",
          "asked for epoch " + epoch + ", the key service sent " + signed.announcement().epoch());
    }
    if (signed.holders().size() != holders.size()) {
      throw new SteleException(
          "custody.bad_epoch",
          "the key service names "
              + signed.holders().size()
              + " holders; this venue knows "
              + holders.size());
    }
    return signed;
  }

  @Override
  public void resume(EpochAnnouncement announcement, long afterSequence, Bytes afterHash) {}

  @Override
  public void observe(SealedBatch batch, AnchorProof anchor) {}

  @Override
  public CompletableFuture<List<KeyShare>> release(EpochAnnouncement announcement) {
    return CompletableFuture.supplyAsync(() -> collect(announcement), workers);
  }

  /** Asks every holder in rounds until the threshold of them have released a genuine share. */
  private List<KeyShare> collect(EpochAnnouncement announcement) {
    KeyShare[] got = new KeyShare[holders.size()];
    int count = 0;
    while (!closed) {
      for (int i = 0; i < holders.size() && count < announcement.threshold(); i++) {
        if (got[i] != null) {
          continue;
        }
        try {
          KeyShare share = holders.get(i).share(announcement.epoch());
          if (share.index() == i + 1) {
            announcement.checkShare(share);
            got[i] = share;
            count++;
          }
        } catch (SteleException withheldOrWrong) {
          // asked again next round: a holder that lied is not counted
        }
      }
      if (count >= announcement.threshold()) {
        List<KeyShare> shares = new ArrayList<>();
        for (KeyShare s : got) {
          if (s != null) {
            shares.add(s);
          }
        }
        return shares;
      }
      pause();
    }
    throw new SteleException("custody.closed", "the venue closed while collecting shares");
  }

  private static void pause() {
    try {
      Thread.sleep(RETRY_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SteleException("custody.closed", "interrupted while waiting for the custody");
    }
  }

  @Override
  public void executed(long epoch) {}

  @Override
  public void close() {
    closed = true;
    workers.shutdownNow();
  }
}
