package io.stele.net.tcp;

import io.stele.core.bytes.Bytes;
import io.stele.core.codec.ByteReader;
import io.stele.core.codec.ByteWriter;
import io.stele.core.codec.CodecException;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The mutual authentication that opens every connection. Both sides send a {@link Hello} at once;
 * on receiving the other's, each checks it and answers with a proof: its Ed25519 signature over
 * {@link #transcript}, which binds the other side's fresh challenge to both keys and the chain id.
 * A recorded proof is worthless on a new connection, and a signature made for one chain is
 * worthless on another.
 */
public final class Handshake {
  private Handshake() {}

  public static final int VERSION = 1;
  public static final int CHALLENGE_LENGTH = 32;
  static final byte[] MAGIC = "STLN".getBytes(StandardCharsets.US_ASCII);
  static final byte[] DOMAIN = "stele/net/handshake/v1".getBytes(StandardCharsets.US_ASCII);

  /** Frame length of a hello: kind, magic, version, chain id, key, challenge. */
  public static final int HELLO_LENGTH = 1 + 4 + 1 + 1 + PublicKey.LENGTH + CHALLENGE_LENGTH;

  /** Frame length of a proof: kind and signature. */
  public static final int PROOF_LENGTH = 1 + PublicKey.SIGNATURE_LENGTH;

  /**
   * The first frame each side sends.
   *
   * @param version protocol version, {@link #VERSION}
   * @param chainId the network's chain id byte
   * @param key the sender's node key
   * @param challenge 32 fresh random bytes the other side must sign
   */
  public record Hello(int version, byte chainId, PublicKey key, Bytes challenge) {
    public Hello {
      if (challenge.length() != CHALLENGE_LENGTH) {
        throw new IllegalArgumentException("a challenge is 32 bytes, not " + challenge.length());
      }
    }

    /** The frame body, starting with the kind byte. */
    public byte[] encode() {
      return new ByteWriter(HELLO_LENGTH)
          .u8(Frames.HELLO)
          .fixed(MAGIC)
          .u8(version)
          .u8(chainId)
          .fixed(key.bytes().unsafeArray())
          .fixed(challenge.unsafeArray())
          .toByteArray();
    }

    /**
     * Parses a hello frame body. Rejects with {@code handshake.malformed} or {@code
     * handshake.version}.
     */
    public static Hello decode(byte[] frame) {
      try {
        ByteReader reader = new ByteReader(frame);
        if (reader.u8("kind") != Frames.HELLO) {
          throw new SteleException("handshake.unexpected", "expected a hello frame first");
        }
        if (!Arrays.equals(reader.fixed(MAGIC.length, "magic"), MAGIC)) {
          throw new SteleException("handshake.malformed", "not a Stele peer (bad magic)");
        }
        int version = reader.u8("version");
        if (version != VERSION) {
          throw new SteleException(
              "handshake.version", "protocol version " + version + ", expected " + VERSION);
        }
        byte chainId = (byte) reader.u8("chain id");
        PublicKey key = new PublicKey(Bytes.wrap(reader.fixed(PublicKey.LENGTH, "public key")));
        Bytes challenge = Bytes.wrap(reader.fixed(CHALLENGE_LENGTH, "challenge"));
        reader.end("hello");
        return new Hello(version, chainId, key, challenge);
      } catch (CodecException e) {
        throw new SteleException("handshake.malformed", "hello: " + e.getMessage(), e);
      }
    }
  }

  /**
   * The bytes a node signs to prove its key: domain tag, version, chain id, the signer's key, the
   * verifier's key and the verifier's challenge.
   */
  public static byte[] transcript(
      byte chainId, PublicKey signer, PublicKey verifier, Bytes verifierChallenge) {
    return new ByteWriter(DOMAIN.length + 2 + 2 * PublicKey.LENGTH + CHALLENGE_LENGTH)
        .fixed(DOMAIN)
        .u8(VERSION)
        .u8(chainId)
        .fixed(signer.bytes().unsafeArray())
        .fixed(verifier.bytes().unsafeArray())
        .fixed(verifierChallenge.unsafeArray())
        .toByteArray();
  }

  /** The proof frame body {@code signer} sends in answer to {@code theirs}. */
  public static byte[] proof(KeyPair signer, byte chainId, Hello theirs) {
    byte[] signature =
        signer.sign(transcript(chainId, signer.publicKey(), theirs.key(), theirs.challenge()));
    return new ByteWriter(PROOF_LENGTH).u8(Frames.PROOF).fixed(signature).toByteArray();
  }

  /**
   * Checks a proof frame from the peer that sent {@code theirs}, answering {@code mine}. Rejects
   * with {@code handshake.malformed} or {@code handshake.bad_signature}.
   */
  public static void verify(byte[] frame, byte chainId, Hello theirs, Hello mine) {
    if (frame.length != PROOF_LENGTH || frame[0] != Frames.PROOF) {
      throw new SteleException(
          "handshake.malformed", "expected a proof frame of " + PROOF_LENGTH + " bytes");
    }
    byte[] message = transcript(chainId, theirs.key(), mine.key(), mine.challenge());
    byte[] signature = Arrays.copyOfRange(frame, 1, frame.length);
    if (!theirs.key().verify(message, signature)) {
      throw new SteleException(
          "handshake.bad_signature", "the proof is not a signature by " + theirs.key());
    }
  }
}
