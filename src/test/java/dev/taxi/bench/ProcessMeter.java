package dev.taxi.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time and resident memory of the server: of this very process when the server runs in it
 * (minus the CPU of the load generator's own threads, {@link BenchmarkSockets#THREAD_PREFIX}), or
 * of other processes by pid, read from {@code /proc}.
 */
abstract class ProcessMeter {

	/** CPU time so far and resident set now, both of the server. */
	record Sample(long nanos, long serverCpuNanos, long generatorCpuNanos, long rssKb, long peakRssKb,
			long machineBusyNanos, long gcMillis, Map<String, Long> cpuByThreadPool) {

		/** Cores each thread pool of this process used between two samples, the busiest first. */
		static Map<String, Double> coresByThreadPool(Sample from, Sample to) {
			Map<String, Double> cores = new LinkedHashMap<>();
			to.cpuByThreadPool().entrySet().stream()
				.map((pool) -> Map.entry(pool.getKey(), cores(from.cpuByThreadPool().getOrDefault(pool.getKey(), 0L),
						pool.getValue(), from, to)))
				.filter((pool) -> pool.getValue() >= 0.01)
				.sorted(Map.Entry.<String, Double>comparingByValue().reversed())
				.forEach((pool) -> cores.put(pool.getKey(), Math.round(pool.getValue() * 100) / 100.0));
			return cores;
		}

	}

	abstract Sample sample();

	abstract String describe();

	/** Cores used between two samples. */
	static double cores(long cpuFrom, long cpuTo, Sample from, Sample to) {
		return (double) (cpuTo - cpuFrom) / (to.nanos() - from.nanos());
	}

	/** The server runs in this JVM: process CPU through the OperatingSystemMXBean, RSS from /proc/self/status. */
	static ProcessMeter inThisProcess() {
		return new ProcessMeter() {

			private final com.sun.management.OperatingSystemMXBean os = ManagementFactory
				.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class);

			private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

			@Override
			Sample sample() {
				long generator = 0;
				Map<String, Long> pools = new HashMap<>();
				for (ThreadInfo info : this.threads.getThreadInfo(this.threads.getAllThreadIds())) {
					if (info == null) {
						continue;
					}
					long cpu = Math.max(this.threads.getThreadCpuTime(info.getThreadId()), 0);
					if (info.getThreadName().startsWith(BenchmarkSockets.THREAD_PREFIX)) {
						generator += cpu;
					}
					// Threads of one pool differ by their numbers only: reactor-http-epoll-3, lettuce-epollEventLoop-4-1.
					pools.merge(info.getThreadName().replaceAll("[-#]?\\d+", ""), cpu, Long::sum);
				}
				long process = this.os.getProcessCpuTime();
				Path status = Path.of("/proc/self/status");
				long gc = ManagementFactory.getGarbageCollectorMXBeans().stream()
					.mapToLong((collector) -> Math.max(collector.getCollectionTime(), 0)).sum();
				return new Sample(System.nanoTime(), process - generator, generator, statusKb(status, "VmRSS"),
						statusKb(status, "VmHWM"), machineBusyNanos(), gc, pools);
			}

			@Override
			String describe() {
				return "server in the benchmark's JVM (pid " + ProcessHandle.current().pid()
						+ "): server CPU = process CPU minus the load generator's threads; RSS is the whole process";
			}

		};
	}

	/** The server runs elsewhere on this machine: utime + stime and VmRSS of each pid, summed. */
	static ProcessMeter ofPids(List<Long> pids) {
		return new ProcessMeter() {

			@Override
			Sample sample() {
				long cpu = 0;
				long rss = 0;
				long peak = 0;
				for (long pid : pids) {
					cpu += cpuNanos(pid);
					rss += statusKb(Path.of("/proc/" + pid + "/status"), "VmRSS");
					peak += statusKb(Path.of("/proc/" + pid + "/status"), "VmHWM");
				}
				return new Sample(System.nanoTime(), cpu, 0, rss, peak, machineBusyNanos(), 0, Map.of());
			}

			@Override
			String describe() {
				return "server process(es) " + pids;
			}

		};
	}

	/** Nothing known about the server's process. */
	static ProcessMeter none() {
		return new ProcessMeter() {

			@Override
			Sample sample() {
				return new Sample(System.nanoTime(), 0, 0, 0, 0, machineBusyNanos(), 0, Map.of());
			}

			@Override
			String describe() {
				return "external server, no pid given: no CPU or RSS";
			}

		};
	}

	/** CPU time the whole machine spent busy (not idle, not waiting for I/O), from /proc/stat. */
	private static long machineBusyNanos() {
		try {
			String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
			long busy = 0;
			for (int i = 1; i < fields.length && i <= 8; i++) {
				if (i != 4 && i != 5) {
					busy += Long.parseLong(fields[i]);
				}
			}
			return busy * 10_000_000L;
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

	/** utime + stime of a process, in nanoseconds (USER_HZ is 100 on Linux). */
	private static long cpuNanos(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
			// The command name may hold spaces: fields count from after its closing parenthesis.
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
			return ticks * 10_000_000L;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read the CPU time of process " + pid, ex);
		}
	}

	private static long statusKb(Path status, String field) {
		try {
			for (String line : Files.readAllLines(status)) {
				if (line.startsWith(field + ":")) {
					return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
				}
			}
			return 0;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read " + status, ex);
		}
	}

}
