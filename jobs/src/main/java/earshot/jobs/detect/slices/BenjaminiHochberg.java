package earshot.jobs.detect.slices;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The Benjamini-Hochberg step-up procedure: of m p-values, rejects the k smallest, k the largest rank
 * with {@code p(k) <= k q / m}. With independent (or positively dependent) tests the expected share of
 * false rejections among the rejections is at most q; when no hypothesis is false, the chance of any
 * rejection at all is at most q.
 */
public final class BenjaminiHochberg {

  private BenjaminiHochberg() {}

  /** Which of the p-values are rejected at false discovery rate {@code q}. */
  public static boolean[] reject(double[] pValues, double q) {
    int m = pValues.length;
    Integer[] order = new Integer[m];
    for (int i = 0; i < m; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> pValues[i]));
    int k = 0;
    for (int rank = 1; rank <= m; rank++) {
      if (pValues[order[rank - 1]] <= rank * q / m) {
        k = rank;
      }
    }
    boolean[] rejected = new boolean[m];
    for (int rank = 0; rank < k; rank++) {
      rejected[order[rank]] = true;
    }
    return rejected;
  }
}
