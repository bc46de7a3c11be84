package earshot.jobs.detect;

import earshot.schemas.Severity;

/**
 * One detector's judgement of one window, with everything an alert needs to explain itself.
 *
 * @param metric the quantity judged, such as detractorShare
 * @param observed its value in the window
 * @param baseline the value the baseline expected
 * @param expectedLow lower end of the normal range
 * @param expectedHigh upper end of the normal range
 * @param statisticName name of the test statistic, such as z
 * @param statistic its value (larger is more anomalous)
 * @param pValue one-sided probability of a value at least this extreme under the baseline
 * @param sampleSize observations behind the metric
 */
public record Evaluation(String detector, Verdict verdict, Severity severity, String metric, double observed,
    double baseline, double expectedLow, double expectedHigh, String statisticName, double statistic, double pValue,
    long sampleSize) {

  /** The ANOMALY a {@link ZChart} raised: its sum, and its chance of alarming on a stable window. */
  public static Evaluation charted(String detector, Severity severity, String metric, double observed,
      double expected, double low, double high, ZChart chart, long sampleSize) {
    return new Evaluation(detector, Verdict.ANOMALY, severity, metric, observed, expected, low, high, "cusum", chart.sum,
        ZChart.FALSE_ALARM_PER_WINDOW, sampleSize);
  }

  public static Evaluation without(String detector, Verdict verdict, String metric, long sampleSize) {
    return new Evaluation(detector, verdict, Severity.INFO, metric, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
        "z", 0, 1, sampleSize);
  }
}
