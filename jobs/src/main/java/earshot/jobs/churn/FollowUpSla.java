package earshot.jobs.churn;

import earshot.jobs.config.ConfigurationException;
import earshot.jobs.config.Settings;
import earshot.schemas.Channel;
import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * The service level of a follow-up by the channel of the contact that opened it
 * ({@code loop.follow-up-sla}): named channels, and {@code DEFAULT} for every other channel.
 *
 * @param byChannel service level of each named channel
 * @param fallback service level of channels not named
 */
public record FollowUpSla(Map<Channel, Duration> byChannel, Duration fallback) implements Serializable {

  /** The name of the entry that applies to channels not named. */
  public static final String DEFAULT = "DEFAULT";
  /** Service level of unnamed channels when the setting gives no DEFAULT: the built-in default's. */
  static final Duration BUILT_IN_FALLBACK = Duration.ofDays(2);

  public FollowUpSla {
    byChannel = Map.copyOf(byChannel);
  }

  /**
   * The service levels a {@code NAME=duration} map gives (names upper-cased); an unknown channel name
   * stops the job at start with a message naming {@code loop.follow-up-sla}.
   */
  public static FollowUpSla of(Map<String, Duration> entries) {
    Map<Channel, Duration> byChannel = new EnumMap<>(Channel.class);
    Duration fallback = BUILT_IN_FALLBACK;
    for (Map.Entry<String, Duration> entry : entries.entrySet()) {
      if (entry.getKey().equals(DEFAULT)) {
        fallback = entry.getValue();
        continue;
      }
      try {
        byChannel.put(Channel.valueOf(entry.getKey()), entry.getValue());
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException(Settings.LOOP_FOLLOW_UP_SLA.key(), "unknown channel '" + entry.getKey()
            + "', expected DEFAULT or one of " + Arrays.toString(Channel.values()));
      }
    }
    return new FollowUpSla(byChannel, fallback);
  }

  /** The service level of a contact on this channel (null: unknown channel), in milliseconds. */
  public long millis(Channel channel) {
    Duration sla = channel == null ? null : byChannel.get(channel);
    return (sla == null ? fallback : sla).toMillis();
  }
}
