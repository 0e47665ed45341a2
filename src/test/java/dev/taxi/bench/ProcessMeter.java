package dev.taxi.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time and resident memory of the server: of this very process when the server runs in it
 * (minus the CPU of the load generator's own threads, {@link BenchmarkSockets#THREAD_PREFIX}), or
 * of other processes by pid, read from {@code /proc}.
 */
abstract class ProcessMeter {

	/** CPU time so far and resident set now, both of the server. */
	record Sample(long nanos, long serverCpuNanos, long generatorCpuNanos, long rssKb, long peakRssKb) {
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
				for (ThreadInfo info : this.threads.getThreadInfo(this.threads.getAllThreadIds())) {
					if (info != null && info.getThreadName().startsWith(BenchmarkSockets.THREAD_PREFIX)) {
						long cpu = this.threads.getThreadCpuTime(info.getThreadId());
						generator += Math.max(cpu, 0);
					}
				}
				long process = this.os.getProcessCpuTime();
				Path status = Path.of("/proc/self/status");
				return new Sample(System.nanoTime(), process - generator, generator, statusKb(status, "VmRSS"),
						statusKb(status, "VmHWM"));
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
				return new Sample(System.nanoTime(), cpu, 0, rss, peak);
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
				return new Sample(System.nanoTime(), 0, 0, 0, 0);
			}

			@Override
			String describe() {
				return "external server, no pid given: no CPU or RSS";
			}

		};
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
