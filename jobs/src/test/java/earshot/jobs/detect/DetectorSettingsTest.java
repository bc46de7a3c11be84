package earshot.jobs.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import earshot.jobs.config.ConfigurationException;
import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Settings;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DetectorSettingsTest {

  @Test
  void theTimeZoneIsUtcUnlessSet() {
    DetectorSettings defaults = DetectorSettings.from(EarshotConfig.defaults());
    assertThat(defaults.timeZone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(defaults.calendar().hourOfDay(0)).isZero();
    assertThat(Windows.settings().timeZone()).as("the constructor without a zone").isEqualTo(ZoneOffset.UTC);
  }

  @Test
  void aSetTimeZoneReachesTheDetectorsCalendar() {
    DetectorSettings paris = DetectorSettings.from(
        EarshotConfig.defaults().with(Settings.DETECT_TIME_ZONE, "Europe/Paris"));
    assertThat(paris.timeZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(paris.calendar().hourOfDay(0)).as("1970-01-01T00:00Z in Paris").isEqualTo(1);
    assertThat(DetectorSettings.from(EarshotConfig.defaults().with(Settings.DETECT_TIME_ZONE, " +05:30 "))
        .timeZone()).isEqualTo(ZoneOffset.ofHoursMinutes(5, 30));
  }

  @Test
  void aBadTimeZoneFailsAtStartNamingTheSetting() {
    for (String bad : new String[] {"Mars/Olympus", "", "EST5EDT7", "+25:00", "Europe/"}) {
      assertThatThrownBy(() -> EarshotConfig.defaults().with(Settings.DETECT_TIME_ZONE, bad)).as(bad)
          .isInstanceOf(ConfigurationException.class).hasMessageContaining("detect.time-zone")
          .hasMessageContaining("time zone id");
    }
  }
}
