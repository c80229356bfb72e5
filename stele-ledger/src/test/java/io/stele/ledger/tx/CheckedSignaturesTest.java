package io.stele.ledger.tx;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.ledger.TestChains;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class CheckedSignaturesTest {
  private final TestChains chain = TestChains.create(2);
  private final TransactionBuilder sender =
      new TransactionBuilder(TestChains.CHAIN, chain.genesis().parameters(), chain.users().get(0));
  private final AtomicInteger verified = new AtomicInteger();
  private final Predicate<Transaction> counting =
      tx -> {
        verified.incrementAndGet();
        return tx.hasValidSignature();
      };

  private Transaction transfer(int nonce) {
    return sender.transfer(chain.address(1), 10, nonce, TestChains.START);
  }

  /** The same transaction with one bit of its signature (the last byte) flipped: same id. */
  private static Transaction forged(Transaction tx) {
    byte[] bytes = tx.encoded().toArray();
    bytes[bytes.length - 1] ^= 1;
    return Transaction.decode(bytes);
  }

  @Test
  void aTransactionMetAgainWithTheSameBytesIsVerifiedOnce() {
    CheckedSignatures signatures = new CheckedSignatures(16, counting);
    Transaction tx = transfer(0);

    assertThat(signatures.isValid(tx)).isTrue();
    assertThat(signatures.isValid(Transaction.decode(tx.encoded().toArray()))).isTrue();

    assertThat(verified).hasValue(1);
  }

  @Test
  void aCheckUnderWayOnAnotherThreadIsWaitedForNotRepeated() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Predicate<Transaction> slow =
        tx -> {
          verified.incrementAndGet();
          started.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          return tx.hasValidSignature();
        };
    CheckedSignatures signatures = new CheckedSignatures(16, slow);
    Transaction tx = transfer(0);
    CompletableFuture<Boolean> first = new CompletableFuture<>();
    CompletableFuture<Boolean> second = new CompletableFuture<>();
    Thread one = Thread.ofPlatform().start(() -> first.complete(signatures.isValid(tx)));
    started.await();
    Transaction copy = Transaction.decode(tx.encoded().toArray());
    Thread two = Thread.ofPlatform().start(() -> second.complete(signatures.isValid(copy)));
    // released only once the second caller is parked: on the first's check (or, were it
    // verifying itself, inside the verifier, which would count twice)
    while (two.getState() != Thread.State.WAITING) {
      Thread.onSpinWait();
    }
    release.countDown();
    one.join();
    two.join();
    assertThat(first.get()).isTrue();
    assertThat(second.get()).isTrue();
    assertThat(verified).hasValue(1);
  }

  @Test
  void aCopyWithAnotherSignatureIsCheckedOnItsOwnAndRefused() {
    CheckedSignatures signatures = new CheckedSignatures(16, counting);
    Transaction tx = transfer(0);
    Transaction copy = forged(tx);
    assertThat(copy.id()).isEqualTo(tx.id());

    assertThat(signatures.isValid(tx)).isTrue();
    assertThat(signatures.isValid(copy)).isFalse();
    assertThat(signatures.isValid(copy)).isFalse(); // never remembered

    assertThat(verified).hasValue(3);
    assertThat(signatures.isValid(tx)).isTrue();
    assertThat(verified).hasValue(3);
  }

  @Test
  void theOldestAreForgottenBeyondTheCapacityAndVerifiedAgain() {
    CheckedSignatures signatures = new CheckedSignatures(2, counting);
    Transaction first = transfer(0);
    signatures.isValid(first);
    signatures.isValid(transfer(1));
    signatures.isValid(transfer(2));
    assertThat(verified).hasValue(3);

    assertThat(signatures.isValid(first)).isTrue();

    assertThat(verified).hasValue(4);
  }

  @Test
  void theFirstInvalidInListOrderIsNamed() {
    CheckedSignatures signatures = new CheckedSignatures(16);
    Transaction badFirst = forged(transfer(1));
    Transaction badSecond = forged(transfer(3));

    assertThat(signatures.firstInvalid(List.of(transfer(0), badFirst, transfer(2), badSecond)))
        .contains(badFirst);
    assertThat(signatures.firstInvalid(List.of(transfer(0), transfer(2)))).isEmpty();
  }
}
