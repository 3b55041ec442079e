package dev.weft.cli;

import dev.weft.engine.flow.FlowReader;
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
 * each named by its flow's {@code namespace/id}. Stateless.
 */
final class FlowFiles {
    private static final List<String> EXTENSIONS = List.of(".yaml", ".yml", ".json");

    private FlowFiles() {
    }

    /** One valid flow file. */
    record FlowFile(Path file, String namespace, String id, String source) {
        String name() {
            return namespace + "/" + id;
        }

        boolean json() {
            return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        }
    }

    /**
     * What reading gave: the flows in file order when {@code problems} is empty; otherwise every problem,
     * one line each ({@code file:line:column: message}).
     */
    record Found(List<FlowFile> flows, List<String> problems) {
    }

    /**
     * Reads every flow file under {@code paths}: a file is taken as it is; a folder is searched with its
     * subfolders for names ending in .yaml, .yml or .json, skipping hidden files and folders (names
     * starting with a dot). Two files holding the same flow is a problem.
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
        Map<String, Path> byName = new LinkedHashMap<>();
        for (Path file : files) {
            String source;
            try {
                source = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                problems.add(file + ": cannot read the file: " + e);
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
        return new Found(List.copyOf(flows), List.copyOf(problems));
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
