package io.github.kcpartner.it.op;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A child process whose output goes to a log file, stopped together with its descendants. */
final class NodeProcess {

    private static final int LOG_TAIL_CHARS = 4000;

    private final Process process;
    private final Path logFile;

    private NodeProcess(Process process, Path logFile) {
        this.process = process;
        this.logFile = logFile;
    }

    /** Starts {@code command} in {@code directory}; stdin stays an open pipe (see --exit-on-stdin-eof). */
    static NodeProcess start(List<String> command, Path directory, Path logFile) throws IOException {
        Files.createDirectories(logFile.getParent());
        Process process = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        return new NodeProcess(process, logFile);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path logFile() {
        return logFile;
    }

    /** The end of the log, for error messages. */
    String logTail() {
        try {
            String log = Files.readString(logFile, StandardCharsets.UTF_8);
            return log.length() <= LOG_TAIL_CHARS ? log : log.substring(log.length() - LOG_TAIL_CHARS);
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Terminates the process tree: politely first, forcibly after a grace period. */
    void stop() {
        List<ProcessHandle> descendants = process.descendants().toList();
        descendants.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            try {
                process.getOutputStream().close();
            } catch (IOException ignored) {
                // the process is gone either way
            }
        }
    }
}
