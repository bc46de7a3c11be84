package earshot.jobs.enrich;

import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Settings;
import java.io.Serializable;
import java.time.Duration;

/** The part of the configuration the enrich job's functions need, small enough to ship to every task. */
public record EnrichSettings(Duration dedupTtl, String textMode, boolean consentDefault, String intentRules,
    InteractionValidator validator) implements Serializable {

  public static EnrichSettings from(EarshotConfig config) {
    return new EnrichSettings(
        config.get(Settings.DEDUP_TTL),
        config.get(Settings.TEXT_MODE),
        config.get(Settings.CONSENT_DEFAULT),
        config.get(Settings.INTENT_RULES),
        new InteractionValidator(config.get(Settings.EARLIEST_EVENT_TIME), config.get(Settings.MAX_FUTURE_SKEW)));
  }
}
