package earshot.jobs.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import earshot.jobs.config.ConfigurationException;
import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Settings;
import earshot.jobs.text.IntentRules;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnrichSettingsTest {

  @Test
  void fastModeAndTheBuiltInRulesByDefault() {
    EnrichSettings settings = EnrichSettings.from(EarshotConfig.defaults());
    assertThat(settings.textMode()).isEqualTo("fast");
    assertThat(settings.intentRules()).isEqualTo(IntentRules.Source.builtIn());
    assertThat(settings.textMaxAbandoned()).isEqualTo(4);
    assertThat(settings.priorAdaptation()).isFalse();
  }

  @Test
  void theAbandonedWorkerCapIsASettingCheckedAtStart() {
    assertThat(EnrichSettings.from(EarshotConfig.defaults().with(Settings.TEXT_MAX_ABANDONED, "9")).textMaxAbandoned())
        .isEqualTo(9);
    assertThatThrownBy(() -> EnrichSettings.from(EarshotConfig.defaults().with(Settings.TEXT_MAX_ABANDONED, "0")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("text.max-abandoned-workers");
  }

  @Test
  void aRuleFileReplacesTheBuiltInRules(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("rules.txt"), "outage: /outage|down/\n");
    EnrichSettings settings = EnrichSettings.from(EarshotConfig.defaults().with(Settings.INTENT_RULES, file.toString()));
    assertThat(IntentRules.parse(settings.intentRules()).intents()).containsExactly("outage");
  }

  @Test
  void aBrokenRuleFileStopsTheJobAtStartWithFileAndLine(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("rules.txt"), "# mine\noutage: /outage/\nrefund /money/\n");
    EarshotConfig config = EarshotConfig.defaults().with(Settings.INTENT_RULES, file.toString());
    assertThatThrownBy(() -> EnrichSettings.from(config))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("text.intent-rules")
        .hasMessageContaining(file + ":3: expected 'intent: pattern'");
  }

  @Test
  void aMissingRuleFileIsNamed(@TempDir Path dir) {
    Path file = dir.resolve("nope.txt");
    EarshotConfig config = EarshotConfig.defaults().with(Settings.INTENT_RULES, file.toString());
    assertThatThrownBy(() -> EnrichSettings.from(config))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("cannot read " + file);
  }

  @Test
  void textModeIsFastDeepOrOff() {
    assertThatThrownBy(() -> EarshotConfig.defaults().with(Settings.TEXT_MODE, "medium"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("expected one of [fast, deep, off]");
  }

  @Test
  void theTimeBudgetAndTheDefaultZoneHaveDefaultsAndAreCheckedAtStartNamingTheSetting() {
    EnrichSettings defaults = EnrichSettings.from(EarshotConfig.defaults());
    assertThat(defaults.textMaxMillis()).isEqualTo(2000);
    assertThat(defaults.defaultZone()).isEqualTo(java.time.ZoneId.of("UTC"));
    assertThat(EnrichSettings.from(EarshotConfig.defaults().with(Settings.INPUT_DEFAULT_ZONE, "Europe/Paris"))
        .defaultZone()).isEqualTo(java.time.ZoneId.of("Europe/Paris"));
    assertThatThrownBy(() -> EarshotConfig.defaults().with(Settings.TEXT_MAX_MILLIS, "0"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("text.max-millis");
    assertThatThrownBy(() -> EarshotConfig.defaults().with(Settings.INPUT_DEFAULT_ZONE, "Mars/Olympus"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("input.default-zone")
        .hasMessageContaining("time zone id");
  }
  @Test
  void aResumeHoldOfMoreThanHalfTheIdlenessFailsAtStartNamingTheSetting() {
    EarshotConfig config = EarshotConfig.builder()
        .put(Settings.ENRICH_IDLENESS.key(), "PT10S", "test")
        .put(Settings.RESUME_HOLD.key(), "PT6S", "test").build();
    assertThatThrownBy(() -> EnrichSettings.from(config))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(Settings.RESUME_HOLD.key()).hasMessageContaining(Settings.ENRICH_IDLENESS.key());
    EarshotConfig half = EarshotConfig.builder()
        .put(Settings.ENRICH_IDLENESS.key(), "PT10S", "test")
        .put(Settings.RESUME_HOLD.key(), "PT5S", "test").build();
    assertThat(EnrichSettings.from(half)).isNotNull();
  }
}
