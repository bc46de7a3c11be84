package earshot.jobs.identity;

import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The identity hasher a configuration asks for; warns when it runs on the development key. */
public final class IdentitySettings {

  private static final Logger LOG = LoggerFactory.getLogger(IdentitySettings.class);

  private IdentitySettings() {}

  public static IdentityHasher hasher(EarshotConfig config) {
    if (usesDevelopmentKey(config)) {
      LOG.warn("{} is the development default: identifier keys are NOT secret. Set a secret of your own "
          + "(EARSHOT_IDENTITY_HASH_KEY) before real customer data flows.", Settings.IDENTITY_HASH_KEY.key());
    }
    return new IdentityHasher(config.get(Settings.IDENTITY_HASH_KEY));
  }

  public static boolean usesDevelopmentKey(EarshotConfig config) {
    return Settings.DEVELOPMENT_HASH_KEY.equals(config.get(Settings.IDENTITY_HASH_KEY));
  }
}
