package earshot.jobs.churn;

import earshot.jobs.config.ConfigurationException;
import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Settings;
import earshot.schemas.Channel;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * The churn settings the signals job's functions need (see {@link Settings} for their meaning).
 *
 * @param replySla service level per channel for answering an inbound message; channels not named
 *     are not watched
 * @param weights the multiplier of each reason's points ({@code churn.weights}; built-in: all 1)
 * @param alertIdentity whom a CHURN_RISK alert names ({@code churn.alert-identity})
 * @param followUpSla service level of a follow-up by channel ({@code loop.follow-up-sla})
 * @param loopWindow window of the follow-up metrics ({@code loop.window})
 */
public record ChurnSettings(boolean enabled, Duration stateTtl, int maxContacts, int repeatContactDays,
    double alertThreshold, double clearThreshold, Duration cooldown, Map<Channel, Duration> replySla,
    Duration complaintSilence, ChurnWeights weights, AlertIdentity alertIdentity, FollowUpSla followUpSla, Duration loopWindow)
    implements Serializable {

  public ChurnSettings {
    if (clearThreshold >= alertThreshold) {
      throw new ConfigurationException(Settings.CHURN_CLEAR_THRESHOLD.key(), clearThreshold
          + " must be below " + Settings.CHURN_ALERT_THRESHOLD.key() + " (" + alertThreshold + ")");
    }
    replySla = Map.copyOf(replySla);
    long window = loopWindow.toMillis();
    long day = Duration.ofDays(1).toMillis();
    if (window % 1000 != 0 || (day % window != 0 && window % day != 0)) {
      throw new ConfigurationException(Settings.LOOP_WINDOW.key(), loopWindow
          + " must be whole seconds and divide a day evenly or be whole days, so windows align across days");
    }
  }

  /** The defaults of every setting. */
  public static ChurnSettings defaults() {
    return from(EarshotConfig.defaults());
  }

  public static ChurnSettings from(EarshotConfig config) {
    Map<Channel, Duration> sla = new EnumMap<>(Channel.class);
    for (Map.Entry<String, Duration> entry : config.get(Settings.CHURN_REPLY_SLA).entrySet()) {
      Channel channel;
      try {
        channel = Channel.valueOf(entry.getKey());
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException(Settings.CHURN_REPLY_SLA.key(), "unknown channel '" + entry.getKey()
            + "', expected one of " + Arrays.toString(Channel.values()));
      }
      sla.put(channel, entry.getValue());
    }
    return new ChurnSettings(config.get(Settings.CHURN_ENABLED), config.get(Settings.CHURN_STATE_TTL),
        config.get(Settings.CHURN_MAX_CONTACTS), config.get(Settings.CHURN_REPEAT_CONTACT_DAYS),
        config.get(Settings.CHURN_ALERT_THRESHOLD), config.get(Settings.CHURN_CLEAR_THRESHOLD),
        config.get(Settings.CHURN_COOLDOWN), sla, config.get(Settings.CHURN_COMPLAINT_SILENCE),
        weights(config.get(Settings.CHURN_WEIGHTS)), AlertIdentity.of(config.get(Settings.CHURN_ALERT_IDENTITY)),
        FollowUpSla.of(config.get(Settings.LOOP_FOLLOW_UP_SLA)), config.get(Settings.LOOP_WINDOW));
  }

  /** The weights a file names (the built-in ones for null), read and checked at start. */
  static ChurnWeights weights(String path) {
    if (path == null) {
      return ChurnWeights.BUILT_IN;
    }
    try {
      return ChurnWeights.read(Path.of(path));
    } catch (IOException e) {
      throw new ConfigurationException(Settings.CHURN_WEIGHTS.key(), "cannot read " + path + ": " + e);
    } catch (ChurnWeights.InvalidChurnWeightsException e) {
      throw new ConfigurationException(Settings.CHURN_WEIGHTS.key(), e.getMessage());
    }
  }

  /** These settings with other weights. */
  public ChurnSettings withWeights(ChurnWeights other) {
    return new ChurnSettings(enabled, stateTtl, maxContacts, repeatContactDays, alertThreshold, clearThreshold,
        cooldown, replySla, complaintSilence, other, alertIdentity, followUpSla, loopWindow);
  }

  public long repeatWindowMillis() {
    return Duration.ofDays(repeatContactDays).toMillis();
  }

  /** The service level of a channel in milliseconds, or -1 when the channel is not watched. */
  public long slaMillis(Channel channel) {
    Duration sla = channel == null ? null : replySla.get(channel);
    return sla == null ? -1 : sla.toMillis();
  }
}
