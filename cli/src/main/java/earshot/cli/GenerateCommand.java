package earshot.cli;

import earshot.lab.generator.Incident;
import earshot.lab.generator.IncidentFiles;
import earshot.lab.generator.InteractionGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

/** {@code ./earshot generate}: a synthetic stream of interactions as JSON lines, with its truth file. */
final class GenerateCommand implements Command {

  @Override
  public String name() {
    return "generate";
  }

  @Override
  public String summary() {
    return "write a realistic synthetic interaction stream (JSON lines) and its truth file";
  }

  @Override
  public String usage() {
    return """
        usage: ./earshot generate --days D --rate R [--seed S] [--incidents FILE] [--churners N] --out FILE
                                  [--churn-model planted|latent] [--churn-rate R]
                                  [--truth FILE] [--crm FILE] [--outcomes FILE] [--start INSTANT]
               ./earshot generate --from-complaints CSV --out FILE

          --days D          length of the stream in days (fractions allowed, e.g. 0.5)
          --rate R          mean interactions per minute over a week (daily and weekly seasonality
                            shape the actual rate)
          --seed S          random seed; the same seed and arguments give the same stream (default 1)
          --incidents FILE  incidents to plant, JSON: {"incidents":[{"type":"DETRACTOR_SPIKE",
                            "dimensions":{"touchpoint":"delivery"},"start":"PT30H","end":"PT34H",
                            "intensity":0.6}]}; start/end are instants or offsets from the start
          --churners N      plant N churners (default 0; needs 3 days or more): customers whose journey
                            degrades over days (repeat contacts, transfers, unanswered e-mails, angry
                            posts, promoter to detractor, silence) until they ask to cancel
          --churn-model M   planted (default: the --churners above) or latent: every customer has a
                            hidden hazard of leaving that ordinary bad experiences (detractor answers,
                            negative texts, repeat contacts, transfers, unanswered messages, an angry
                            request to cancel) raise; churn is drawn from it, most customers with bad
                            journeys stay, some leave without any warning sign, half of the leavers
                            contact the company to cancel; the truth file lists everyone who cancelled
          --churn-rate R    monthly churn rate of the latent model (default 0.03: 3% of customers a month)
          --out FILE        where to write the interactions, one JSON object per line
          --truth FILE      where to write what was planted, incidents and churners with their
                            cancellation time (default: FILE with .truth.json)
          --crm FILE        also write the CRM export of the stream's customers (customer_id,email,phone,
                            social_handle), for './earshot identities load' or 'replay --identities'
          --outcomes FILE   also write who cancelled and when (CSV customer_id,cancelled_at), for
                            './earshot churn calibrate --outcomes'
          --start INSTANT   first minute of the stream (default: 2026-11-02T00:00:00Z, a Monday)
          --from-complaints CSV
                            instead of generating, convert a public complaint log (CFPB consumer
                            complaints, or Comcast telecom complaints) into interactions, one per
                            row, in time order; a malformed row stops it, naming its line""";
  }

  @Override
  public int run(List<String> raw, Cli cli) throws IOException {
    Args args = Args.parse(raw, Set.of("days", "rate", "seed", "incidents", "churners", "out", "truth", "crm", "start",
        "churn-model", "churn-rate", "outcomes", "from-complaints"), Set.of());
    args.noPositionals();
    if (args.has("from-complaints")) {
      Path csv = args.path("from-complaints");
      if (!Files.isRegularFile(csv)) {
        throw new UsageException("--from-complaints: no such file " + csv);
      }
      Path out = Path.of(args.required("out"));
      try {
        long count = earshot.lab.realdata.ComplaintRows.convert(csv, out);
        cli.out.printf("Wrote %,d interactions converted from %s into %s%n", count, csv, out);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--from-complaints " + csv + ": " + e.getMessage());
      }
      return 0;
    }
    double days = args.number("days", Double.NaN, 0.01, 366);
    if (Double.isNaN(days)) {
      throw new UsageException("--days is required");
    }
    double rate = args.number("rate", Double.NaN, 0.001, 1_000_000);
    if (Double.isNaN(rate)) {
      throw new UsageException("--rate is required");
    }
    long seed = args.longValue("seed", 1);
    Path out = Path.of(args.required("out"));
    Instant start = start(args);
    List<Incident> incidents = List.of();
    Path incidentFile = args.path("incidents");
    if (incidentFile != null) {
      if (!Files.isRegularFile(incidentFile)) {
        throw new UsageException("--incidents: no such file " + incidentFile);
      }
      try {
        incidents = IncidentFiles.read(incidentFile, start);
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
    }
    Path truth = args.path("truth") != null ? args.path("truth") : truthPathFor(out);
    int churners = args.integer("churners", 0, 0, 1_000_000);
    if (churners > 0 && days < 3) {
      throw new UsageException("--churners needs --days 3 or more: a journey degrades over days");
    }
    String model = args.get("churn-model", "planted");
    if (!model.equals("planted") && !model.equals("latent")) {
      throw new UsageException("--churn-model must be planted or latent");
    }
    boolean latent = model.equals("latent");
    if (latent && churners > 0) {
      throw new UsageException("--churners plants churners; with --churn-model latent churn is drawn instead");
    }
    if (args.has("outcomes") && churners == 0 && !latent) {
      throw new UsageException("--outcomes needs churners: --churners N or --churn-model latent");
    }
    if (!latent && args.has("churn-rate")) {
      throw new UsageException("--churn-rate needs --churn-model latent");
    }
    InteractionGenerator generator = new InteractionGenerator(start, Duration.ofMinutes(Math.round(days * 24 * 60)),
        rate, seed, incidents).withChurners(churners);
    if (latent) {
      generator = generator.withLatentChurn(args.number("churn-rate", 0.03, 0.0001, 0.5));
    }
    long count = generator.writeJsonLines(out);
    cli.out.printf("Wrote %,d interactions from %s to %s into %s%n", count, start,
        start.plus(Duration.ofMinutes(Math.round(days * 24 * 60))), out);
    if (!incidents.isEmpty() || churners > 0 || latent || args.path("truth") != null) {
      List<earshot.lab.generator.PlantedChurner> leavers = generator.churners();
      IncidentFiles.writeTruth(truth, incidents, leavers, churners > 0 ? generator.cancellationRequests() : List.of());
      cli.out.printf("Wrote the truth (%d planted incidents, %d %s) into %s%n", incidents.size(), leavers.size(),
          latent ? "customers who cancelled, drawn from their latent hazard" : "churners", truth);
    }
    Path outcomes = args.path("outcomes");
    if (outcomes != null) {
      earshot.lab.churn.ChurnOutcomes.write(outcomes, generator.churners());
      cli.out.printf("Wrote the cancellations (%d) into %s, for './earshot churn calibrate --outcomes'%n",
          generator.churners().size(), outcomes);
    }
    Path crm = args.path("crm");
    if (crm != null) {
      long rows = generator.writeCrmExport(crm);
      cli.out.printf("Wrote the CRM export (%,d customers) into %s%n", rows, crm);
    }
    return 0;
  }

  static Instant start(Args args) {
    String text = args.get("start", null);
    if (text == null) {
      return InteractionGenerator.DEFAULT_START;
    }
    try {
      return Instant.parse(text).truncatedTo(ChronoUnit.MINUTES);
    } catch (DateTimeParseException e) {
      throw new UsageException("--start must be an ISO-8601 instant such as 2026-11-02T00:00:00Z");
    }
  }

  static Path truthPathFor(Path out) {
    String name = out.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return out.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".truth.json");
  }

}
