package io.stele.exchange.sealed;

/**
 * Arithmetic in GF(2^8) with the AES reduction polynomial x^8 + x^4 + x^3 + x + 1 (0x11b), through
 * log and exp tables over the generator 3. Addition and subtraction are both XOR.
 */
final class Gf256 {
  private static final int[] EXP = new int[512];
  private static final int[] LOG = new int[256];

  static {
    int x = 1;
    for (int i = 0; i < 255; i++) {
      EXP[i] = x;
      LOG[x] = i;
      // Multiply by the generator 3: x * 2 (reduced) XOR x.
      int doubled = x << 1;
      if ((doubled & 0x100) != 0) {
        doubled ^= 0x11b;
      }
      x = doubled ^ x;
    }
    // A second copy so that LOG[a] + LOG[b] never needs a modulo.
    for (int i = 255; i < EXP.length; i++) {
      EXP[i] = EXP[i - 255];
    }
  }

  private Gf256() {}

  static int mul(int a, int b) {
    if (a == 0 || b == 0) {
      return 0;
    }
    return EXP[LOG[a] + LOG[b]];
  }

  static int div(int a, int b) {
    if (b == 0) {
      throw new ArithmeticException("division by zero in GF(256)");
    }
    if (a == 0) {
      return 0;
    }
    return EXP[LOG[a] + 255 - LOG[b]];
  }
}
