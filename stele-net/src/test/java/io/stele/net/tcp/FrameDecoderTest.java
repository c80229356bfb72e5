package io.stele.net.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.stele.core.error.SteleException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

  private static byte[] framed(List<byte[]> frames) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] frame : frames) {
      out.write(frame.length >>> 24);
      out.write(frame.length >>> 16);
      out.write(frame.length >>> 8);
      out.write(frame.length);
      out.writeBytes(frame);
    }
    return out.toByteArray();
  }

  @Property
  void framesSurviveAnySplitOfTheStream(
      @ForAll @Size(max = 8) List<@Size(min = 1, max = 128) byte[]> frames,
      @ForAll @IntRange(min = 1, max = 50) int chunk) {
    byte[] stream = framed(frames);
    EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder());
    for (int from = 0; from < stream.length; from += chunk) {
      channel.writeInbound(
          Unpooled.wrappedBuffer(
              Arrays.copyOfRange(stream, from, Math.min(stream.length, from + chunk))));
    }
    List<byte[]> decoded = new ArrayList<>();
    for (byte[] frame = channel.readInbound(); frame != null; frame = channel.readInbound()) {
      decoded.add(frame);
    }
    assertThat(decoded).containsExactlyElementsOf(frames);
  }

  @Property
  void arbitraryBytesGiveFramesWithinTheLimitOrARejection(@ForAll @Size(max = 400) byte[] stream) {
    EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder());
    try {
      channel.writeInbound(Unpooled.wrappedBuffer(stream));
    } catch (DecoderException e) {
      assertThat(e.getCause()).isInstanceOf(SteleException.class);
    }
    for (byte[] frame = channel.readInbound(); frame != null; frame = channel.readInbound()) {
      assertThat(frame.length).isBetween(1, Frames.HANDSHAKE_LIMIT);
    }
  }

  @Test
  void lengthOverTheLimitIsRefusedBeforeTheBodyArrives() {
    EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder());
    assertThatThrownBy(
            () -> channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, (byte) 129})))
        .isInstanceOf(DecoderException.class)
        .cause()
        .isInstanceOf(SteleException.class)
        .hasMessageContaining("129")
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("net.frame_too_large");
    // Framing is lost for good: even a well-formed frame afterwards is discarded.
    channel.writeInbound(Unpooled.wrappedBuffer(framed(List.of(new byte[] {1}))));
    Object next = channel.readInbound();
    assertThat(next).isNull();
  }

  @Test
  void limitRisesAfterTheHandshake() {
    FrameDecoder decoder = new FrameDecoder();
    EmbeddedChannel channel = new EmbeddedChannel(decoder);
    decoder.limit(1000);
    byte[] big = new byte[1000];
    channel.writeInbound(Unpooled.wrappedBuffer(framed(List.of(big))));
    assertThat((byte[]) channel.readInbound()).isEqualTo(big);
  }

  @Test
  void emptyFrameIsRefused() {
    EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder());
    assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(new byte[4])))
        .cause()
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("net.frame_empty");
  }
}
