package dev.weft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.cli.FlowFiles.Deployable;
import dev.weft.cli.FlowFiles.FlowFile;
import dev.weft.cli.FlowFiles.SyncFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weft deploy PATH...}: brings a server's flows and sync jobs in line with their files, showing what
 * changes first. Each changed file becomes a new version on the server; nothing is ever deleted there.
 */
@Command(name = "deploy", mixinStandardHelpOptions = true, description = {
        "Deploy every flow file and sync job file (kind: sync) in the given folders (and their subfolders) and"
                + " files to a Weft server.",
        "Each file is checked here first; a problem is printed as file:line:column: message and nothing is"
                + " deployed. Then each flow or job is compared with the server's latest version: new ones are"
                + " named, changed ones shown as a unified diff, and only those are deployed, each becoming a"
                + " new version. Flows and jobs on the server that are not in the files are left as they are.",
        "On a terminal, deploy asks before it changes anything (--yes does not ask); otherwise it deploys"
                + " at once. --dry-run only shows.",
        "Exit codes: 0 deployed (or nothing to do, or --dry-run); 1 the server could not be reached, refused"
                + " the key or its permission, answered 429 (too many requests: try again) or failed, or the"
                + " question was answered no; 2 a flow or job is invalid (here, or refused by the server: also a"
                + " webhook path another flow holds, or a job's system the server does not have), or bad"
                + " options."})
final class DeployCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Folders and files. In a folder, every file"
            + " ending in .yaml, .yml or .json is a flow file, or a sync job file when its kind is sync; hidden"
            + " files and folders are skipped.")
    List<Path> paths;

    @Mixin
    ServerOptions server;

    @Option(names = "--dry-run", description = "Show what would change, deploy nothing.")
    boolean dryRun;

    @Option(names = {"-y", "--yes"}, description = "Do not ask on a terminal; deploy.")
    boolean yes;

    @Spec
    CommandSpec spec;

    /** One file against the server's latest version of its flow or job (null when the server has none). */
    private record Change(Deployable file, ServerApi.Remote remote) {
        boolean isNew() {
            return remote == null;
        }

        boolean unchanged() {
            return remote != null && remote.source().equals(file.source());
        }
    }

    @Override
    public Integer call() throws Exception {
        FlowFiles.Found found = FlowFiles.read(paths);
        if (!found.problems().isEmpty()) {
            found.problems().forEach(System.err::println);
            int n = found.problems().size();
            System.err.println(n + (n == 1 ? " problem" : " problems") + " found; nothing was deployed");
            return ExitCodes.INVALID;
        }
        if (found.flows().isEmpty() && found.jobs().isEmpty()) {
            System.err.println("no flow or sync job files (*.yaml, *.yml, *.json) in " + paths.stream()
                    .map(Path::toString).collect(Collectors.joining(", ")) + "; nothing to deploy");
            return ExitCodes.INVALID;
        }
        try (ServerApi api = server.connect(Weft.environment(spec))) {
            List<Change> changes;
            try {
                changes = compare(api, found.flows());
                changes.addAll(compareJobs(new SyncClient(api), found.jobs()));
            } catch (ServerApi.Failure f) {
                System.err.println(f.getMessage());
                System.err.println("nothing was deployed");
                return ExitCodes.FAILED;
            }
            show(changes);
            List<Change> toDeploy = changes.stream().filter(c -> !c.unchanged()).toList();
            if (dryRun) {
                System.out.println("dry run: nothing was deployed");
                return ExitCodes.OK;
            }
            if (toDeploy.isEmpty()) {
                System.out.println("nothing to deploy");
                return ExitCodes.OK;
            }
            if (!yes && Terminal.interactive() && !Terminal.confirm("Deploy " + toDeploy.size()
                    + (toDeploy.size() == 1 ? " file" : " files") + " to " + api.base() + "?")) {
                System.out.println("nothing was deployed");
                return ExitCodes.FAILED;
            }
            return deploy(api, toDeploy);
        }
    }

    /** The server's latest version of each flow; one read for the list, one more per changed flow. */
    private static List<Change> compare(ServerApi api, List<FlowFile> files)
            throws ServerApi.Failure, InterruptedException {
        if (files.isEmpty()) {
            return new ArrayList<>();
        }
        Map<String, ServerApi.Listed> listed = api.flows().stream()
                .collect(Collectors.toMap(ServerApi.Listed::name, Function.identity(), (a, b) -> a));
        List<Change> changes = new ArrayList<>();
        for (FlowFile file : files) {
            ServerApi.Listed latest = listed.get(file.name());
            if (latest == null) {
                changes.add(new Change(file, null));
            } else if (latest.sha256().equals(sha256(file.source()))) {
                changes.add(new Change(file, new ServerApi.Remote(latest.version(), file.source())));
            } else {
                Optional<ServerApi.Remote> remote = api.latest(file.namespace(), file.id());
                changes.add(new Change(file, remote.orElse(null)));
            }
        }
        return changes;
    }

    /** The server's version of each sync job: one read per job, its source only when it changed. */
    private static List<Change> compareJobs(SyncClient sync, List<SyncFile> files)
            throws ServerApi.Failure, InterruptedException {
        List<Change> changes = new ArrayList<>();
        for (SyncFile file : files) {
            Optional<JsonNode> job = sync.find(file.id());
            changes.add(new Change(file, job.map(j -> new ServerApi.Remote(j.path("version").asInt(),
                    j.path("sha256").asText().equals(sha256(file.source()))
                            ? file.source()
                            : j.path("source").asText()))
                    .orElse(null)));
        }
        return changes;
    }

    private static void show(List<Change> changes) {
        int created = 0;
        int changed = 0;
        for (Change c : changes) {
            String head = c.file().file() + ": " + c.file().label();
            if (c.isNew()) {
                created++;
                System.out.println(head + (c.file() instanceof SyncFile ? " is new" : " is a new flow"));
            } else if (c.unchanged()) {
                System.out.println(head + " is unchanged (v" + c.remote().version() + ")");
            } else {
                changed++;
                System.out.println(head + " changed (the server has v" + c.remote().version() + ")");
                List<String> diff = UnifiedDiff.of(
                        c.file().label() + " v" + c.remote().version() + " (server)",
                        c.remote().source(), c.file().file().toString(), c.file().source());
                if (diff.isEmpty()) {
                    System.out.println("  (the same lines: only line endings or the final newline differ)");
                }
                diff.forEach(System.out::println);
            }
        }
        System.out.println();
        System.out.println(created + " new, " + changed + " changed, " + (changes.size() - created - changed)
                + " unchanged");
    }

    private static int deploy(ServerApi api, List<Change> toDeploy) throws InterruptedException {
        for (int i = 0; i < toDeploy.size(); i++) {
            Deployable file = toDeploy.get(i).file();
            try {
                ServerApi.Deployed d = deploy(api, file);
                System.out.println("deployed " + file.label() + " v" + d.version()
                        + (d.created() ? "" : " (the server already had this source)") + " from "
                        + file.file());
            } catch (ServerApi.Failure f) {
                refusal(file, f).forEach(System.err::println);
                List<String> rest = toDeploy.subList(i, toDeploy.size()).stream()
                        .map(c -> c.file().file().toString()).toList();
                System.err.println((i == 0 ? "nothing was deployed" : i + " deployed as shown above")
                        + "; not deployed: " + String.join(", ", rest));
                // A deploy's 409 is its flow refused (its webhook path is another flow's): the files must
                // change, so it is a refused flow (2), not a conflict that trying again resolves.
                return f.status == 409 && f.code != null ? ExitCodes.INVALID : f.exitCode();
            }
        }
        return ExitCodes.OK;
    }

    private static ServerApi.Deployed deploy(ServerApi api, Deployable file)
            throws ServerApi.Failure, InterruptedException {
        return switch (file) {
            case FlowFile flow -> api.deploy(flow.namespace(), flow.id(), flow.source(), flow.json());
            case SyncFile job -> {
                JsonNode body = new SyncClient(api).deploy(job.id(), job.source(), job.json());
                yield new ServerApi.Deployed(body.path("version").asInt(), body.path("created").asBoolean());
            }
        };
    }

    /**
     * How a refusal of {@code file} is shown: each problem the server located as {@code file:line:column:
     * message}, then what the server said.
     */
    static List<String> refusal(Deployable file, ServerApi.Failure f) {
        if (f.status == 0 || f.status == 401) {
            return List.of(f.getMessage());
        }
        List<String> lines = new ArrayList<>();
        for (JsonNode d : f.details) {
            if (d.path("line").asInt() > 0 && d.has("message")) {
                lines.add(file.file() + ":" + d.path("line").asInt() + ":" + d.path("column").asInt(1) + ": "
                        + d.path("message").asText());
            } else if (d.has("message")) {
                // Not a place in the file: what the server has (a sync job's system it does not know).
                lines.add(file.file() + ": "
                        + (d.path("path").asText().isEmpty()
                                ? ""
                                : d.path("path").asText()
                                        + ": ")
                        + d.path("message").asText());
            }
        }
        String n = lines.size() == 1 ? "problem" : lines.size() + " problems";
        lines.add(file.file() + ": the server refused " + file.label() + " (" + f.status
                + (f.code == null ? "" : " " + f.code) + "): "
                + (!lines.isEmpty() ? "the " + n + " above" : f.reason != null ? f.reason : f.getMessage()));
        return lines;
    }

    private static String sha256(String source) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
