package earshot.deploy.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Starting, finding and stopping the processes of local services, and the ports they use. */
public final class Processes {

  private Processes() {}

  /**
   * Starts a command in its own session (so a terminal's Ctrl-C on the launcher does not reach
   * it), appending its output to {@code log} so an earlier crash's cause survives a restart.
   */
  public static Process launch(List<String> command, Map<String, String> environment, Path workDir, Path log)
      throws IOException {
    List<String> full = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      full.add("/usr/bin/setsid");
    }
    full.addAll(command);
    Files.createDirectories(log.getParent());
    ProcessBuilder builder = new ProcessBuilder(full)
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().putAll(environment);
    return builder.start();
  }

  /** The process whose id is stored in {@code pidFile}, if it is alive. */
  public static Optional<ProcessHandle> alive(Path pidFile) {
    try {
      if (!Files.isRegularFile(pidFile)) {
        return Optional.empty();
      }
      long pid = Long.parseLong(Files.readString(pidFile).strip());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  public static void writePid(Path pidFile, long pid) {
    try {
      Files.writeString(pidFile, Long.toString(pid) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Asks a process and its descendants to stop, then kills what is still alive after the grace period. */
  public static void terminate(ProcessHandle process, Duration grace) {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(0, process);
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + grace.toNanos();
    for (ProcessHandle handle : tree) {
      long left = deadline - System.nanoTime();
      try {
        if (left > 0) {
          handle.onExit().get(left, TimeUnit.NANOSECONDS);
        }
      } catch (Exception timeoutOrInterrupt) {
        // fall through to a forced kill
      }
      if (handle.isAlive()) {
        handle.destroyForcibly();
      }
    }
  }

  /** Whether something accepts connections on 127.0.0.1:port. */
  public static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether 127.0.0.1:port can be bound now. */
  public static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A port that was free a moment ago. */
  public static int freePort() {
    return freePorts(1)[0];
  }

  /**
   * {@code count} different ports that were free a moment ago. Each is held open until all are
   * chosen: asked for one after another, the system may hand out a port it has just released again,
   * and two listeners of one service would then be given the same port.
   *
   * <p>They are drawn below the system's ephemeral range ({@link #ephemeralRange}): a port from that
   * range can be handed to any process that binds port 0 or opens a connection between this choice and
   * the service's bind (a Flink JobManager's blob server once took the TaskManager's metrics port so).
   * Where that range leaves too little room below it, the system chooses, as it would for port 0.
   */
  public static int[] freePorts(int count) {
    int[] ephemeral = ephemeralRange();
    int low = 10_000;
    int high = ephemeral[0] - 1;
    if (high - low < 1_000 + 4 * count) {
      return systemChosenPorts(count);
    }
    List<ServerSocket> held = new ArrayList<>();
    try {
      int[] ports = new int[count];
      int found = 0;
      int span = high - low + 1;
      int port = low + java.util.concurrent.ThreadLocalRandom.current().nextInt(span);
      for (int tried = 0; tried < span && found < count; tried++, port = port == high ? low : port + 1) {
        ServerSocket socket = bound(port);
        if (socket != null) {
          held.add(socket);
          ports[found++] = port;
        }
      }
      return found == count ? ports : systemChosenPorts(count);
    } finally {
      closeAll(held);
    }
  }

  /**
   * The range the system hands out ports from itself: Linux's {@code ip_local_port_range}, or IANA's
   * dynamic range (49152 to 65535) where that cannot be read.
   */
  static int[] ephemeralRange() {
    // Read as a stream: some kernels report a size for /proc files that whole-file reads trust and stop at.
    try (java.io.BufferedReader reader = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
      String[] range = reader.readLine().trim().split("\\s+");
      return new int[] {Integer.parseInt(range[0]), Integer.parseInt(range[1])};
    } catch (IOException | RuntimeException e) {
      return new int[] {49_152, 65_535};
    }
  }

  private static int[] systemChosenPorts(int count) {
    List<ServerSocket> held = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        held.add(socket);
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      closeAll(held);
    }
  }

  /** A socket bound to 127.0.0.1:port, or null when the port is taken. */
  private static ServerSocket bound(int port) {
    try {
      ServerSocket socket = new ServerSocket();
      try {
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
        return socket;
      } catch (IOException taken) {
        socket.close();
        return null;
      }
    } catch (IOException e) {
      return null;
    }
  }

  private static void closeAll(List<ServerSocket> sockets) {
    for (ServerSocket socket : sockets) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // a socket that cannot be closed holds its port; nothing else to do
      }
    }
  }

  /** Fails with a clear message when a port Earshot wants is taken by something else. */
  public static void requireFree(int port, String service, String setting) {
    if (!free(port)) {
      throw new IllegalStateException("port " + port + " on 127.0.0.1, needed by " + service
          + ", is taken by another process; stop it or choose another port with " + setting);
    }
  }

  /**
   * Polls {@code ready} until it holds, the process dies, or the timeout passes.
   *
   * @return true when ready
   */
  public static boolean awaitReady(BooleanSupplier ready, BooleanSupplier stillAlive, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (ready.getAsBoolean()) {
        return true;
      }
      if (!stillAlive.getAsBoolean()) {
        return ready.getAsBoolean();
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }
}
