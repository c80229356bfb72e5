package io.stele.exchange.sealed;

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
 * A deposit to a sealed-market account, in the clear and signed by the funding key (on the devnet,
 * the faucet), so that it enters the sequenced, published chain like an order and is applied at its
 * place in the batch. Big-endian, 176 bytes:
 *
 * <pre>
 * 20  "stele.sealed.deposit" (ASCII)   u8 version (1)   u8 chain id   i64 epoch   i64 counter
 * 32  signer Ed25519 key   32  recipient Ed25519 key   u16 asset   i64 amount (above 0)
 * 64  Ed25519 signature by the signer over the 112 bytes before it
 * </pre>
 *
 * The leading text keeps these bytes from reading as an envelope or a bundle. The counter follows
 * the envelope rule: it rises per signer within the epoch, so a deposit cannot be replayed. The
 * account credited is {@link SealedExchange#accountOf} the recipient key.
 */
public final class SealedDeposit {
  static final byte[] DOMAIN = "stele.sealed.deposit".getBytes(StandardCharsets.US_ASCII);
  public static final int VERSION = 1;
  static final int SIGNED_LENGTH = DOMAIN.length + 1 + 1 + 8 + 8 + 32 + 32 + 2 + 8;
  public static final int LENGTH = SIGNED_LENGTH + PublicKey.SIGNATURE_LENGTH;

  private final byte[] encoded;
  private final int chainId;
  private final long epoch;
  private final long counter;
  private final PublicKey signer;
  private final PublicKey recipient;
  private final int asset;
  private final long amount;

  /** 0 unchecked, 1 valid, 2 invalid: a benign race at worst checks twice. */
  private volatile int signatureState;

  private SealedDeposit(
      byte[] encoded,
      int chainId,
      long epoch,
      long counter,
      PublicKey signer,
      PublicKey recipient,
      int asset,
      long amount) {
    this.encoded = encoded;
    this.chainId = chainId;
    this.epoch = epoch;
    this.counter = counter;
    this.signer = signer;
    this.recipient = recipient;
    this.asset = asset;
    this.amount = amount;
  }

  /** True when {@code bytes} start like a deposit (and so are not an envelope or a bundle). */
  public static boolean looksLikeDeposit(byte[] bytes) {
    return bytes.length >= DOMAIN.length
        && Arrays.equals(bytes, 0, DOMAIN.length, DOMAIN, 0, DOMAIN.length);
  }

  /** Makes and signs a deposit of {@code amount} minor units of {@code asset} to {@code to}. */
  public static SealedDeposit sign(
      KeyPair signer, int chainId, long epoch, long counter, PublicKey to, int asset, long amount) {
    byte[] body =
        new ByteWriter(LENGTH)
            .fixed(DOMAIN)
            .u8(VERSION)
            .u8(chainId)
            .i64(epoch)
            .i64(counter)
            .fixed(signer.publicKey().bytes().unsafeArray())
            .fixed(to.bytes().unsafeArray())
            .u16(asset)
            .i64(amount)
            .toByteArray();
    byte[] signature = signer.sign(body);
    byte[] all = Arrays.copyOf(body, LENGTH);
    System.arraycopy(signature, 0, all, SIGNED_LENGTH, signature.length);
    return parse(all);
  }

  /**
   * Parses deposit bytes from outside with limits; {@code sealed.deposit_malformed} names the field
   * that is wrong. The signature is checked by {@link #signatureValid()}.
   */
  public static SealedDeposit parse(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw malformed("a deposit is " + LENGTH + " bytes, not " + bytes.length);
    }
    byte[] encoded = bytes.clone();
    try {
      ByteReader reader = new ByteReader(encoded);
      if (!Arrays.equals(reader.fixed(DOMAIN.length, "domain"), DOMAIN)) {
        throw malformed("a deposit starts with \"stele.sealed.deposit\"");
      }
      int version = reader.u8("version");
      if (version != VERSION) {
        throw malformed("deposit version " + version + " is unknown, expected 1");
      }
      int chainId = reader.u8("chain id");
      long epoch = reader.u63("epoch");
      long counter = reader.u63("counter");
      PublicKey signer = new PublicKey(Bytes.wrap(reader.fixed(PublicKey.LENGTH, "signer key")));
      PublicKey recipient =
          new PublicKey(Bytes.wrap(reader.fixed(PublicKey.LENGTH, "recipient key")));
      int asset = reader.u16("asset");
      long amount = reader.i64("amount");
      if (amount <= 0) {
        throw malformed("amount " + amount + " is not above 0");
      }
      reader.fixed(PublicKey.SIGNATURE_LENGTH, "signature");
      reader.end("deposit");
      return new SealedDeposit(encoded, chainId, epoch, counter, signer, recipient, asset, amount);
    } catch (CodecException e) {
      throw malformed(e.code() + ": " + e.getMessage());
    }
  }

  private static SteleException malformed(String message) {
    return new SteleException("sealed.deposit_malformed", "deposit: " + message);
  }

  /**
   * Whether the signer's signature covers the signed bytes. Checked once and remembered, so the
   * check can run outside the lock the sequencer admits under.
   */
  public boolean signatureValid() {
    int state = signatureState;
    if (state == 0) {
      state =
          signer.verify(
                  encoded, 0, SIGNED_LENGTH, Arrays.copyOfRange(encoded, SIGNED_LENGTH, LENGTH))
              ? 1
              : 2;
      signatureState = state;
    }
    return state == 1;
  }

  public int chainId() {
    return chainId;
  }

  public long epoch() {
    return epoch;
  }

  public long counter() {
    return counter;
  }

  public PublicKey signer() {
    return signer;
  }

  public PublicKey recipient() {
    return recipient;
  }

  public int asset() {
    return asset;
  }

  public long amount() {
    return amount;
  }

  /** The exact bytes, as signed and sent. */
  public Bytes bytes() {
    return Bytes.of(encoded);
  }

  byte[] unsafeEncoded() {
    return encoded;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SealedDeposit d && Arrays.equals(encoded, d.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "deposit " + counter + " of " + signer + " (epoch " + epoch + ")";
  }
}
