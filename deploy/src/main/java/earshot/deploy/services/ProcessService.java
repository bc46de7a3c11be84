package earshot.deploy.services;

import java.nio.file.Path;

/**
 * A {@link LocalService} run as one local process whose folder holds its log
 * ({@code <name>.log}) and pid file ({@code <name>.pid}).
 */
abstract class ProcessService implements LocalService {

  protected final Path dir;

  protected ProcessService(Path dir) {
    this.dir = dir;
  }

  @Override
  public Path log() {
    return dir.resolve(name() + ".log");
  }

  protected Path pidFile() {
    return dir.resolve(name() + ".pid");
  }

  @Override
  public boolean isRunning() {
    return process().isPresent();
  }

  @Override
  public java.util.Optional<ProcessHandle> process() {
    return Processes.alive(pidFile());
  }
}
