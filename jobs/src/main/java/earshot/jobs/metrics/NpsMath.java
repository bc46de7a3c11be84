package earshot.jobs.metrics;

/**
 * Net Promoter Score arithmetic. Each answer is scored +1 (promoter, 9-10), 0 (passive, 7-8) or
 * -1 (detractor, 0-6); NPS is 100 times the mean score. Its 95% confidence interval uses the
 * normal approximation with the score's sample variance, p + d - (p - d)^2 for promoter share p and
 * detractor share d.
 */
public final class NpsMath {

  static final double Z95 = 1.959963984540054;

  private NpsMath() {}

  public static boolean isPromoter(int answer) {
    return answer >= 9;
  }

  public static boolean isDetractor(int answer) {
    return answer <= 6;
  }

  /** NPS from -100 to 100, or NaN without answers. */
  public static double nps(long promoters, long detractors, long answers) {
    if (answers <= 0) {
      return Double.NaN;
    }
    return 100.0 * (promoters - detractors) / answers;
  }

  /** Half-width of the 95% confidence interval of the NPS, in NPS points; NaN without answers. */
  public static double halfWidth95(long promoters, long detractors, long answers) {
    if (answers <= 0) {
      return Double.NaN;
    }
    double p = (double) promoters / answers;
    double d = (double) detractors / answers;
    double variance = p + d - (p - d) * (p - d);
    return 100.0 * Z95 * Math.sqrt(variance / answers);
  }

  /** The interval clipped to the scale's bounds. */
  public static double[] interval95(long promoters, long detractors, long answers) {
    double nps = nps(promoters, detractors, answers);
    double half = halfWidth95(promoters, detractors, answers);
    return new double[] {Math.max(-100, nps - half), Math.min(100, nps + half)};
  }

  /** CSAT: percent of answers that are 4 or 5 on the 1-5 scale; NaN without answers. */
  public static double csatPercent(long satisfied, long answers) {
    return answers <= 0 ? Double.NaN : 100.0 * satisfied / answers;
  }
}
