package earshot.cli;

import earshot.jobs.config.Connections;
import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.KafkaAccessCheck;
import earshot.jobs.config.Settings;
import earshot.jobs.identity.CrmExport;
import earshot.jobs.identity.IdentityHasher;
import earshot.jobs.identity.IdentitySettings;
import earshot.schemas.Topic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * {@code ./earshot identities load}: a CRM export of customer identifiers into the compacted identity
 * topic, hashed with {@code identity.hash-key}, all or nothing.
 */
final class IdentitiesCommand implements Command {

  @Override
  public String name() {
    return "identities";
  }

  @Override
  public String summary() {
    return "load a CRM export of customer identifiers (hashed) into the identity topic";
  }

  @Override
  public String usage() {
    return """
        usage: ./earshot identities load --csv FILE [--config FILE] [--set key=value]...

        Reads a CRM export, a CSV file (UTF-8, fields optionally in double quotes) with the header
          customer_id,email,phone,social_handle
        one row per customer or identifier (empty fields allowed, a customer may have several rows),
        and publishes one record per identifier to the compacted identity topic (earshot.identities):
        identifier key -> customer key, source CRM. Identifiers and customer ids are normalised and
        hashed with identity.hash-key (HMAC-SHA256; set the same secret for the jobs): nothing is
        written in clear. The signals job resolves interactions that come without a customer id
        through this table.

        The whole file is checked first: a row without a customer id, a malformed identifier, a
        wrong number of fields or an identifier given to two customers stops the load with each
        problem's line number, and nothing is published. The records are then published in one
        Kafka transaction: a failure half-way publishes none of them.""";
  }

  @Override
  public int run(List<String> raw, Cli cli) throws Exception {
    Args args = Args.parse(raw, Set.of("csv", "config", "set"), Set.of());
    args.choice("action", Set.of("load"));
    Path csv = Path.of(args.required("csv"));
    if (!Files.isRegularFile(csv)) {
      throw new UsageException("--csv: no such file " + csv);
    }
    EarshotConfig config = cli.config(args);
    if (IdentitySettings.usesDevelopmentKey(config)) {
      cli.err.println("earshot identities: warning: " + Settings.IDENTITY_HASH_KEY.key()
          + " is the development default; set your own secret (EARSHOT_IDENTITY_HASH_KEY) for real data");
    }
    IdentityHasher hasher = IdentitySettings.hasher(config);
    List<CrmExport.Row> rows;
    try {
      rows = CrmExport.read(csv, hasher);
    } catch (CrmExport.InvalidExportException e) {
      cli.err.println("earshot identities: " + e.getMessage());
      return 1;
    }
    String topic = Topic.IDENTITIES.name(config.get(Settings.TOPIC_PREFIX));
    KafkaAccessCheck.verify(config);
    long published = IdentityPublisher.publish(Connections.kafka(config), topic, rows, hasher, Instant.now());
    cli.out.printf("Loaded %,d identifiers of %,d rows from %s into %s%n", published, rows.size(), csv, topic);
    return 0;
  }
}
