package io.stele.net.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.stele.core.error.SteleException;
import java.util.List;

/**
 * Splits the byte stream into frames ({@code u32 length}, then the frame). The length is checked
 * against the current limit before anything is allocated; a frame over it, or an empty one, breaks
 * the stream for good: framing cannot resume, so everything after is discarded and the connection
 * is closed by the handler that sees the error.
 */
final class FrameDecoder extends ByteToMessageDecoder {
  private int limit = Frames.HANDSHAKE_LIMIT;
  private boolean broken;

  /** Raises the limit once the peer is authenticated. Called on the channel's thread. */
  void limit(int limit) {
    this.limit = limit;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (broken) {
      in.skipBytes(in.readableBytes());
      return;
    }
    if (in.readableBytes() < Frames.PREFIX) {
      return;
    }
    long length = in.getUnsignedInt(in.readerIndex());
    if (length == 0 || length > limit) {
      broken = true;
      in.skipBytes(in.readableBytes());
      throw new SteleException(
          length == 0 ? "net.frame_empty" : "net.frame_too_large",
          "frame of " + length + " bytes, the limit is " + limit);
    }
    if (in.readableBytes() < Frames.PREFIX + length) {
      return;
    }
    in.skipBytes(Frames.PREFIX);
    byte[] frame = new byte[(int) length];
    in.readBytes(frame);
    out.add(frame);
  }
}
