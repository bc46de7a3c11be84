package earshot.jobs.text;

/**
 * Started in a separate JVM by {@link CoreNlpModelsITCase}: creates the analyzer of one text mode
 * and reads one text, with a class path that holds only the CoreNLP model files under test.
 */
public final class ModelListProbe {

  private ModelListProbe() {}

  public static void main(String[] args) {
    try (TextAnalyzer analyzer = TextAnalyzers.create(args[0])) {
      TextResult result = analyzer.analyze("The app keeps crashing and nobody answers.");
      System.out.println("probe-result " + args[0] + " " + result.label() + " " + result.intents());
    }
  }
}
