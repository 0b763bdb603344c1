package io.tentacle.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine a run was measured on: cores, CPU, memory, disk, JVM, load. */
final class Machine {
    private Machine() {}

    static String describe() {
        StringBuilder out = new StringBuilder();
        out.append("nproc: ").append(Runtime.getRuntime().availableProcessors());
        out.append("; CPU: ").append(firstValue("/proc/cpuinfo", "model name"));
        out.append("; memory: ").append(firstValue("/proc/meminfo", "MemTotal"));
        out.append("; disk: ").append(disk());
        out.append("\nJVM: ")
                .append(System.getProperty("java.vm.name"))
                .append(' ')
                .append(System.getProperty("java.runtime.version"));
        out.append("; load: ").append(Commands.load());
        return out.toString();
    }

    private static String firstValue(String file, String key) {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException ignored) {
            // Not Linux: leave it out.
        }
        return "?";
    }

    private static String disk() {
        try {
            String df = Commands.run(10, "df", "-h", "--output=source,fstype,size", "/tmp");
            String[] lines = df.trim().split("\n");
            return lines[lines.length - 1].trim().replaceAll("\\s+", " ");
        } catch (Exception e) {
            return "?";
        }
    }
}
