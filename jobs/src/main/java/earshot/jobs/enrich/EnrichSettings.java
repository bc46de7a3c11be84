package earshot.jobs.enrich;

import earshot.jobs.config.ConfigurationException;
import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Settings;
import earshot.jobs.identity.IdentityHasher;
import earshot.jobs.identity.IdentitySettings;
import earshot.jobs.text.IntentRules;
import earshot.jobs.text.InvalidIntentRulesException;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

/**
 * The part of the configuration the enrich job's functions need, small enough to ship to every task.
 * The intent rule file is read and checked here, where the job is built, so that a mistake in it
 * stops the submission with its file and line instead of failing every task; the tasks receive the
 * rules' text.
 */
public record EnrichSettings(Duration dedupTtl, String textMode, boolean consentDefault,
    IntentRules.Source intentRules, InteractionValidator validator, IdentityHasher identityHasher,
    int textMaxMillis, int textMaxAbandoned, ZoneId defaultZone, boolean priorAdaptation, boolean intentModel)
    implements Serializable {

  public static EnrichSettings from(EarshotConfig config) {
    checkResumeHold(config);
    return new EnrichSettings(
        config.get(Settings.DEDUP_TTL),
        config.get(Settings.TEXT_MODE),
        config.get(Settings.CONSENT_DEFAULT),
        intentRules(config.get(Settings.INTENT_RULES)),
        InteractionValidator.from(config),
        IdentitySettings.hasher(config),
        config.get(Settings.TEXT_MAX_MILLIS),
        config.get(Settings.TEXT_MAX_ABANDONED),
        config.get(Settings.INPUT_DEFAULT_ZONE),
        config.get(Settings.TEXT_PRIOR_ADAPTATION),
        config.get(Settings.TEXT_INTENT_MODEL));
  }

  /**
   * Records held for ordering ({@link ReleaseInEventTimeOrder}) are released once event time has stood
   * still for {@code enrich.idleness}; a partition's hold after a quiet spell stands it still, so a hold
   * that long would release them in the middle of every catch-up.
   */
  static void checkResumeHold(EarshotConfig config) {
    Duration idleness = config.get(Settings.ENRICH_IDLENESS);
    Duration hold = config.get(Settings.RESUME_HOLD);
    if (hold.multipliedBy(2).compareTo(idleness) > 0) {
      throw new ConfigurationException(Settings.RESUME_HOLD.key(), hold + " must be at most half of "
          + Settings.ENRICH_IDLENESS.key() + " (" + idleness + ")");
    }
  }

  /** The rules a path names (the built-in ones for null), checked. */
  static IntentRules.Source intentRules(String path) {
    String key = Settings.INTENT_RULES.key();
    IntentRules.Source source;
    try {
      source = path == null ? IntentRules.Source.builtIn() : IntentRules.Source.file(Path.of(path));
    } catch (IOException e) {
      throw new ConfigurationException(key, "cannot read " + path + ": " + e);
    }
    try {
      IntentRules.parse(source);
    } catch (InvalidIntentRulesException e) {
      throw new ConfigurationException(key, e.getMessage());
    }
    return source;
  }
}
