package io.stele.ledger.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.address.Address;
import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.ledger.TestChains;
import io.stele.ledger.genesis.Parameters;
import io.stele.ledger.tx.Payload;
import io.stele.ledger.tx.Transaction;
import io.stele.ledger.tx.TransactionBuilder;
import io.stele.ledger.tx.TransactionType;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every rejection of {@code submit} carries its code and leaves node state as it was. */
class SubmitRejectionTest {
  @TempDir Path dir;

  private final TestChains chain = TestChains.create(3);
  private final Parameters parameters = chain.genesis().parameters();
  private final ManualClock clock = new ManualClock(TestChains.START + 1_000);
  private SoloNode node;

  @BeforeEach
  void open() {
    node = SoloNode.open(dir, chain.genesis(), chain.witness(), clock);
  }

  @AfterEach
  void close() {
    node.close();
  }

  private TransactionBuilder user(int i) {
    return new TransactionBuilder(TestChains.CHAIN, parameters, chain.users().get(i));
  }

  private Transaction transfer(long amount, long nonce) {
    return user(0).transfer(chain.address(1), amount, nonce, clock.millis());
  }

  private void rejected(Transaction tx, String code) {
    rejected(tx.encoded().toArray(), code);
  }

  private void rejected(byte[] bytes, String code) {
    ObjectNode before = node.status();
    ObjectNode accountBefore = node.account(chain.address(0), 0, 10);
    assertThatThrownBy(() -> node.submit(bytes))
        .isInstanceOf(SteleException.class)
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo(code);
    assertThat(node.status()).isEqualTo(before);
    assertThat(node.account(chain.address(0), 0, 10)).isEqualTo(accountBefore);
  }

  @Test
  void otherChain() {
    Transaction tx =
        Transaction.sign(
            (byte) 'X',
            chain.users().get(0),
            0,
            clock.millis(),
            1_000,
            new Payload.Transfer(chain.address(1), 1));
    rejected(tx, "tx.chain");
  }

  @Test
  void recipientOnOtherChain() {
    Address elsewhere = Address.of(chain.users().get(1).publicKey(), (byte) 'X');
    rejected(user(0).transfer(elsewhere, 1, 0, clock.millis()), "tx.chain");
  }

  @Test
  void nonceGap() {
    rejected(transfer(1, 1), "tx.nonce");
  }

  @Test
  void insufficientFunds() {
    rejected(transfer(TestChains.USER_BALANCE, 0), "tx.funds");
  }

  @Test
  void pendingSpendingCountsAgainstFunds() {
    long fee = parameters.fee(TransactionType.TRANSFER);
    node.submit(transfer(TestChains.USER_BALANCE / 2, 0).encoded().toArray());
    rejected(transfer(TestChains.USER_BALANCE / 2 - fee + 1, 1), "tx.funds");
  }

  @Test
  void badSignature() {
    byte[] bytes = transfer(1, 0).encoded().toArray();
    bytes[bytes.length - 1] ^= 1;
    rejected(bytes, "tx.bad_signature");
  }

  @Test
  void signedByAnotherKey() {
    byte[] bytes = transfer(1, 0).encoded().toArray();
    byte[] other = user(2).transfer(chain.address(1), 1, 0, clock.millis()).encoded().toArray();
    System.arraycopy(other, other.length - 64, bytes, bytes.length - 64, 64);
    rejected(bytes, "tx.bad_signature");
  }

  @Test
  void overDecoderSizeLimit() {
    rejected(new byte[Transaction.MAX_BYTES + 1], "tx.too_large");
  }

  @Test
  void timestampTooFarAhead() {
    rejected(
        user(0)
            .transfer(
                chain.address(1), 1, 0, clock.millis() + parameters.maxTimestampDriftMs() + 1),
        "tx.timestamp");
  }

  @Test
  void timestampTooOld() {
    rejected(
        user(0)
            .transfer(
                chain.address(1), 1, 0, clock.millis() - parameters.maxTimestampDriftMs() - 1),
        "tx.timestamp");
  }

  @Test
  void feeBelowMinimum() {
    long minimum = parameters.fee(TransactionType.TRANSFER);
    rejected(
        user(0).build(new Payload.Transfer(chain.address(1), 1), 0, clock.millis(), minimum - 1),
        "tx.fee");
  }

  @Test
  void duplicateOfPendingTransaction() {
    Transaction tx = transfer(1, 0);
    node.submit(tx.encoded().toArray());
    rejected(tx, "tx.replay");
  }

  @Test
  void replayOfIncludedTransaction() {
    Transaction tx = transfer(1, 0);
    node.submit(tx.encoded().toArray());
    node.produceBlock();
    rejected(tx, "tx.replay");
  }

  @Test
  void staleNonceIsAReplay() {
    node.submit(transfer(1, 0).encoded().toArray());
    node.produceBlock();
    rejected(transfer(2, 0), "tx.replay");
  }

  @Test
  void depositBelowCandidateDeposit() {
    rejected(
        user(0).registerCandidate(parameters.candidateDeposit() - 1, 0, clock.millis()),
        "tx.deposit");
  }

  @Test
  void voteForUnknownCandidate() {
    rejected(
        user(0).vote(chain.users().get(1).publicKey(), 1, 0, clock.millis()),
        "tx.candidate_unknown");
  }

  @Test
  void garbageIsACodecError() {
    rejected(new byte[] {1, 1, 'T'}, "codec.truncated");
  }

  @Test
  void registeredCandidateCanBeVotedForAndIsRanked() {
    KeyPair rich = chain.witness();
    TransactionBuilder witness = new TransactionBuilder(TestChains.CHAIN, parameters, rich);
    long deposit = parameters.candidateDeposit();
    node.submit(witness.registerCandidate(deposit, 0, clock.millis()).encoded().toArray());
    node.produceBlock();
    rejected(witness.registerCandidate(deposit, 1, clock.millis()), "tx.candidate_exists");
    node.submit(user(0).vote(rich.publicKey(), 500, 0, clock.millis()).encoded().toArray());
    node.produceBlock();
    ObjectNode top = (ObjectNode) node.candidates().get("candidates").get(0);
    assertThat(top.get("publicKey").asText()).isEqualTo(rich.publicKey().toString());
    assertThat(top.get("deposit").asText()).isEqualTo(Long.toString(deposit));
    assertThat(top.get("votes").asText()).isEqualTo("500");
    assertThat(node.account(chain.address(0), 0, 1).get("staked").asText()).isEqualTo("500");
  }
}
