package io.stele.api.fix;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.Message;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionNotFound;

/**
 * Everything the acceptor sends goes through one thread, in the order it was asked for: the venue's
 * threads never wait on FIX sockets or the message store, and a report never overtakes an earlier
 * one. A session that is not logged on keeps what is sent to it in its store and resends it when
 * the client asks after its next logon.
 */
final class Outbound implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Outbound.class);

  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "fix-outbound");
            t.setDaemon(true);
            return t;
          });

  /**
   * Builds the message on the outbound thread and sends it to the session. Once the acceptor is
   * closing, nothing more is sent: its sessions are about to log out.
   */
  void send(SessionID session, Supplier<Message> message) {
    try {
      thread.execute(() -> deliver(session, message.get()));
    } catch (RejectedExecutionException closed) {
      LOG.debug("FIX acceptor closing; not sent to {}", session);
    }
  }

  private static void deliver(SessionID session, Message message) {
    try {
      Session.sendToTarget(message, session);
    } catch (SessionNotFound e) {
      LOG.warn("FIX session {} is gone; dropped {}", session, message);
    }
  }

  /** Sends what was queued, then stops. */
  @Override
  public void close() {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("FIX outbound queue did not drain in 5 s");
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      thread.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
