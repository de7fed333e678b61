package dev.airlock.benchmarks.harness;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The machine and JVM a run happened on, for {@code latest.json}: ratios are only comparable
 * between runs on the same JDK and flags.
 *
 * @param javaVersion {@code java.version}
 * @param javaVendor {@code java.vendor}
 * @param vmName {@code java.vm.name} and {@code java.vm.version}
 * @param jvmFlags the harness JVM's input arguments (forks and children add their own, recorded per
 *     figure)
 * @param osName {@code os.name} and {@code os.version}
 * @param osArch {@code os.arch}
 * @param cpus available processors
 * @param cpuModel the first {@code model name} of {@code /proc/cpuinfo}, or "unknown"
 * @param memoryBytes physical memory from {@code /proc/meminfo}, or 0 if unknown
 * @param loadAverage the one-minute load average when the run started (others share the machine)
 */
public record Machine(
    String javaVersion,
    String javaVendor,
    String vmName,
    List<String> jvmFlags,
    String osName,
    String osArch,
    int cpus,
    String cpuModel,
    long memoryBytes,
    double loadAverage) {

  public Machine {
    jvmFlags = List.copyOf(jvmFlags);
  }

  /** This JVM and machine. */
  public static Machine current() {
    return new Machine(
        System.getProperty("java.version"),
        System.getProperty("java.vendor"),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"),
        ManagementFactory.getRuntimeMXBean().getInputArguments(),
        System.getProperty("os.name") + " " + System.getProperty("os.version"),
        System.getProperty("os.arch"),
        Runtime.getRuntime().availableProcessors(),
        readCpuModel().orElse("unknown"),
        readMemoryBytes(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  /** One line for the table's header. */
  public String describe() {
    return String.format(
        java.util.Locale.ROOT,
        "%s (%s), %s %s, %d CPUs (%s), %.1f GiB, load %.2f",
        vmName,
        javaVendor,
        osName,
        osArch,
        cpus,
        cpuModel,
        memoryBytes / (1024.0 * 1024 * 1024),
        loadAverage);
  }

  private static Optional<String> readCpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return Optional.of(line.substring(line.indexOf(':') + 1).strip());
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: the description says "unknown"
    }
    return Optional.empty();
  }

  private static long readMemoryBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          String[] parts = line.split("\\s+");
          return Long.parseLong(parts[1]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return 0;
  }
}
