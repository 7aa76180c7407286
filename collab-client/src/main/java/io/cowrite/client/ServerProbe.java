package io.cowrite.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the server processes under load cost, read from the outside (Linux {@code /proc} and the JDK's
 * {@code jcmd}), for the load generator's report: CPU time, resident memory, and live heap (the bytes of a
 * {@code GC.class_histogram}, which collects first, so a lazily collected heap is not mistaken for a leak).
 * The processes are the servers under test on this machine, given by pid.
 */
final class ServerProbe {
    private static final long CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux
    private final List<Long> pids;

    ServerProbe(List<Long> pids) {
        this.pids = List.copyOf(pids);
    }

    static ServerProbe fromProperty() {
        String p = System.getProperty("load.server-pids", "").trim();
        List<Long> pids = new ArrayList<>();
        if (!p.isEmpty()) for (String s : p.split(",")) pids.add(Long.parseLong(s.trim()));
        return new ServerProbe(pids);
    }

    boolean isEmpty() {
        return pids.isEmpty();
    }

    /** User + system CPU seconds of every server process so far. */
    double cpuSeconds() throws IOException {
        double total = 0;
        for (long pid : pids) {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            total += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) CLOCK_TICKS_PER_SECOND; // utime, stime
        }
        return total;
    }

    /** Resident set size of every server process, in bytes. */
    long rssBytes() throws IOException {
        long total = 0;
        for (long pid : pids) {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) total += Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return total;
    }

    /** Live heap of every server process in bytes (a full collection first, by {@code jcmd GC.class_histogram}). */
    long liveHeapBytes() throws IOException, InterruptedException {
        long total = 0;
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        for (long pid : pids) {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("jcmd failed for " + pid + ": " + out);
            String last = out.lines().filter(l -> l.startsWith("Total")).findFirst()
                    .orElseThrow(() -> new IOException("no Total in jcmd output for " + pid));
            String[] f = last.trim().split("\\s+");
            total += Long.parseLong(f[2]);
        }
        return total;
    }
}
