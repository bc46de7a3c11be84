package earshot.jobs.detect;

/**
 * Baselines of the service-level detector: wait time and transfer rate, and the waits and
 * transfers of a sparse series pooled until they can be judged. A Flink POJO.
 */
public class ServiceLevelState {
  public MeanBaseline wait = new MeanBaseline();
  public ProportionBaseline transfers = new ProportionBaseline();
  /** Waits and transfers of windows too sparse to judge alone (added after the two baselines). */
  public ServicePool pool = new ServicePool();

  public ServiceLevelState() {}

  /** The pool; state saved before it existed has none yet. */
  public ServicePool pool() {
    if (pool == null) {
      pool = new ServicePool();
    }
    return pool;
  }
}
