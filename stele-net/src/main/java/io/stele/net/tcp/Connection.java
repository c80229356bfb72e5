package io.stele.net.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.net.Message;
import io.stele.net.PeerQueue;
import io.stele.net.SendResult;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * One TCP connection: runs the handshake, then turns frames into messages for the transport and
 * messages into frames for the wire. Everything here runs on the channel's event loop except {@link
 * #write}, which any thread may call.
 */
final class Connection extends ChannelInboundHandlerAdapter {
  private static final System.Logger LOG = System.getLogger(Connection.class.getName());

  private enum State {
    AWAIT_HELLO,
    AWAIT_PROOF,
    OPEN
  }

  private final NettyTransport transport;
  private final FrameDecoder decoder;
  private final Dialer dialer;
  private final PeerQueue outbound;
  private final PeerQueue inbound;
  private Channel channel;
  private volatile State state = State.AWAIT_HELLO;
  private Handshake.Hello mine;
  private volatile Handshake.Hello theirs;
  private volatile boolean closing;

  /** {@code dialer} is null for connections the other side opened. */
  Connection(NettyTransport transport, FrameDecoder decoder, Dialer dialer) {
    this.transport = transport;
    this.decoder = decoder;
    this.dialer = dialer;
    this.outbound = new PeerQueue(transport.config().limits());
    this.inbound = new PeerQueue(transport.config().limits());
  }

  /** Whether this node opened the connection. */
  boolean outbound() {
    return dialer != null;
  }

  Dialer dialer() {
    return dialer;
  }

  /** The authenticated peer; only meaningful once the handshake is done. */
  PublicKey peer() {
    return theirs.key();
  }

  /** The other end's address as this socket sees it, or null before the channel is active. */
  InetSocketAddress remoteAddress() {
    return channel == null ? null : (InetSocketAddress) channel.remoteAddress();
  }

  boolean open() {
    return state == State.OPEN && !closing;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    mine = transport.hello();
    writeFrame(mine.encode());
    ctx.executor()
        .schedule(
            () -> {
              if (state != State.OPEN) {
                close("handshake.timeout", "no handshake within the time limit");
              }
            },
            transport.config().timeouts().handshakeMillis(),
            TimeUnit.MILLISECONDS);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (closing) {
      return;
    }
    byte[] frame = (byte[]) msg;
    try {
      switch (state) {
        case AWAIT_HELLO -> {
          theirs = Handshake.Hello.decode(frame);
          transport.admit(theirs);
          writeFrame(Handshake.proof(transport.keyPair(), transport.config().chainId(), theirs));
          state = State.AWAIT_PROOF;
        }
        case AWAIT_PROOF -> {
          Handshake.verify(frame, transport.config().chainId(), theirs, mine);
          state = State.OPEN;
          decoder.limit(transport.config().limits().maxMessageBytes() + 1);
          transport.established(this);
        }
        case OPEN -> transport.receive(this, frame);
      }
    } catch (SteleException e) {
      close(e.code(), e.getMessage());
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closing = true;
    transport.closed(this, state == State.OPEN);
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof SteleException e) {
        if (state == State.OPEN && e.code().equals("net.frame_too_large")) {
          transport.oversized(this);
        }
        close(e.code(), e.getMessage());
        return;
      }
    }
    if (cause instanceof IOException) {
      close("net.io", String.valueOf(cause.getMessage()));
    } else {
      LOG.log(Level.WARNING, "unexpected error on " + describe(), cause);
      close("net.error", cause.toString());
    }
  }

  /** Closes the connection once, counting and logging why. */
  void close(String code, String detail) {
    if (closing || channel == null) {
      return;
    }
    closing = true;
    transport.counters().closed(code);
    LOG.log(Level.INFO, "closing {0}: {1}: {2}", describe(), code, detail);
    channel.close();
  }

  /** Closes from any thread. */
  void closeLater(String code, String detail) {
    channel.eventLoop().execute(() -> close(code, detail));
  }

  private String describe() {
    String who = theirs == null ? "?" : theirs.key().toString();
    return (outbound() ? "outbound " : "inbound ") + who + " " + channel.remoteAddress();
  }

  private void writeFrame(byte[] frame) {
    ByteBuf buf = channel.alloc().buffer(Frames.PREFIX + frame.length);
    buf.writeInt(frame.length).writeBytes(frame);
    channel.writeAndFlush(buf);
  }

  /** Queues a message frame unless the outbound queue is full. Any thread. */
  SendResult write(int kind, Message message) {
    int size = message.size();
    if (!outbound.offer(size)) {
      transport.counters().queueFull();
      return SendResult.QUEUE_FULL;
    }
    byte[] body = message.body().unsafeArray();
    ByteBuf buf = channel.alloc().buffer(Frames.PREFIX + 1 + size);
    buf.writeInt(1 + size).writeByte(kind).writeByte(message.type()).writeBytes(body);
    channel.writeAndFlush(buf).addListener(done -> outbound.remove(size));
    transport.counters().sent();
    return SendResult.QUEUED;
  }

  /**
   * Counts a message handed to the inbound thread; once the queue is full the socket stops being
   * read, so a peer that outpaces the node is slowed by TCP instead of filling memory.
   */
  void inboundQueued(Message message) {
    inbound.add(message.size());
    if (inbound.full()) {
      channel.config().setAutoRead(false);
    }
  }

  /** Counts a message the inbound thread has finished with; resumes reading at half. */
  void inboundDone(Message message) {
    inbound.remove(message.size());
    if (!channel.config().isAutoRead() && inbound.belowHalf()) {
      channel.config().setAutoRead(true);
    }
  }
}
