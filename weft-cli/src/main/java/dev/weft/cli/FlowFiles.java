package dev.weft.cli;

import dev.weft.engine.flow.FlowReader;
import dev.weft.engine.flow.SourceDocument;
import dev.weft.sync.SyncJobReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The flow files a command is given as folders and files: found, read and validated as the server would,
 * each named by its flow's {@code namespace/id}; files whose top-level {@code kind} is {@code sync} are sync
 * jobs, read and checked by the server's {@link SyncJobReader}. Stateless.
 */
final class FlowFiles {
    private static final List<String> EXTENSIONS = List.of(".yaml", ".yml", ".json");

    private FlowFiles() {
    }

    /** A valid file that {@code weft deploy} sends to the server as it is. */
    sealed interface Deployable permits FlowFile, SyncFile {
        Path file();

        String source();

        /** How messages name it: a flow's {@code namespace/id}, {@code sync job ID}. */
        String label();

        /** Whether the server is sent it as JSON (else YAML). */
        default boolean json() {
            return file().getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        }
    }

    /** One valid flow file. */
    record FlowFile(Path file, String namespace, String id, String source) implements Deployable {
        String name() {
            return namespace + "/" + id;
        }

        @Override
        public String label() {
            return name();
        }
    }

    /** One sync job file ({@code kind: sync}), valid as far as it can be checked without the server. */
    record SyncFile(Path file, String id, String source) implements Deployable {
        @Override
        public String label() {
            return "sync job " + id;
        }
    }

    /**
     * What reading gave: the flows and the sync jobs in file order when {@code problems} is empty; otherwise
     * every problem, one line each ({@code file:line:column: message}).
     */
    record Found(List<FlowFile> flows, List<SyncFile> jobs, List<String> problems) {
    }

    /** Whether {@code source} declares itself a sync job ({@code kind: sync} at the top). */
    static boolean isSyncJob(String fileName, String source) {
        return SyncJobReader.isSyncJob(SourceDocument.parse(fileName, source).root());
    }

    /**
     * Reads every flow file under {@code paths}: a file is taken as it is; a folder is searched with its
     * subfolders for names ending in .yaml, .yml or .json, skipping hidden files and folders (names
     * starting with a dot). Two files holding the same flow, or the same sync job, is a problem.
     */
    static Found read(List<Path> paths) {
        List<String> problems = new ArrayList<>();
        TreeSet<Path> files = new TreeSet<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                files.addAll(search(path, problems));
            } else if (Files.isRegularFile(path)) {
                files.add(path.normalize());
            } else {
                problems.add(path + ": no such file or folder");
            }
        }
        List<FlowFile> flows = new ArrayList<>();
        List<SyncFile> jobs = new ArrayList<>();
        Map<String, Path> byName = new LinkedHashMap<>();
        for (Path file : files) {
            String source;
            try {
                source = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                problems.add(file + ": cannot read the file: " + e);
                continue;
            }
            if (isSyncJob(file.toString(), source)) {
                SyncJobReader.Result job = SyncJobReader.read(file.toString(), source);
                if (!job.ok()) {
                    job.problems().forEach(p -> problems.add(p.toString()));
                } else if (byName.putIfAbsent("sync:" + job.job().id(), file) != null) {
                    problems.add(file + ": sync job " + job.job().id() + " is also in "
                            + byName.get("sync:" + job.job().id())
                            + "; a job must be in one file only (change 'id' in one of them)");
                } else {
                    jobs.add(new SyncFile(file, job.job().id(), source));
                }
                continue;
            }
            FlowReader.Result result = Flows.read(file.toString(), source);
            if (!result.ok()) {
                result.problems().forEach(p -> problems.add(p.toString()));
                continue;
            }
            FlowFile flow = new FlowFile(file, result.flow().namespace(), result.flow().id(), source);
            Path other = byName.putIfAbsent(flow.name(), file);
            if (other != null) {
                problems.add(file + ": flow " + flow.name() + " is also in " + other
                        + "; a flow must be in one file only (change 'id' or 'namespace' in one of them)");
                continue;
            }
            flows.add(flow);
        }
        return new Found(List.copyOf(flows), List.copyOf(jobs), List.copyOf(problems));
    }

    private static List<Path> search(Path folder, List<String> problems) {
        List<Path> found = new ArrayList<>();
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(folder) && hidden(dir)
                            ? FileVisitResult.SKIP_SUBTREE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (!hidden(file) && Files.isRegularFile(file) && isFlowFileName(file)) {
                        found.add(file.normalize());
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    problems.add(file + ": cannot read: " + e);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            problems.add(folder + ": cannot list the folder: " + e);
        }
        return found;
    }

    private static boolean hidden(Path path) {
        return path.getFileName() != null && path.getFileName().toString().startsWith(".");
    }

    private static boolean isFlowFileName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(name::endsWith);
    }
}
