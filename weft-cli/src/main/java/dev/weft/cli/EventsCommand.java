package dev.weft.cli;

import dev.weft.engine.event.EventFeed;
import dev.weft.engine.event.FeedConsumer;
import dev.weft.engine.store.EventRecord;
import dev.weft.server.api.EventsApi;
import dev.weft.engine.store.Storage;
import dev.weft.server.config.ServerSettings;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code weft events follow}: reads the event feed of a store as a durable consumer. */
@Command(name = "events", mixinStandardHelpOptions = true, description = "Read the event feed.", subcommands = {
        EventsCommand.FollowCommand.class})
final class EventsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "follow", mixinStandardHelpOptions = true, description = {
            "Print every event of the store's feed as one JSON object per line, oldest first, then wait for new"
                    + " ones until stopped.",
            "With --consumer NAME, how far it got is saved in the store after each batch is printed, and the"
                    + " next run with the same name goes on from there: every event is printed at least once,"
                    + " also across a kill -9 (a batch printed but not yet saved is printed again)."})
    static final class FollowCommand implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Option(names = "--consumer", paramLabel = "NAME", required = true, description = "The name under which"
                + " the position is kept in the store (letters, digits, '.', '-' and '_').")
        String consumer;

        @Option(names = "--poll", paramLabel = "DURATION", defaultValue = "500ms", description = "How often to"
                + " look for new events. Default: ${DEFAULT-VALUE}")
        String poll;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (!consumer.matches("[A-Za-z0-9][A-Za-z0-9._-]*") || consumer.startsWith("weft.")) {
                throw new IllegalArgumentException("--consumer must be letters, digits, '.', '-' and '_', not"
                        + " starting with 'weft.' (the engine's own consumers), but was '" + consumer + "'");
            }
            Duration every = Durations.parse("--poll", poll);
            var configured = store.settingsOrReport(Weft.environment(spec));
            if (configured.isEmpty()) {
                return ExitCodes.INVALID;
            }
            ServerSettings settings = configured.get();
            if (settings.dbUrl() == null) {
                DataOption.existing(settings.dataDir());
            }
            PrintStream out = System.out;
            try (Storage storage = settings.openStorage();
                    EventFeed feed = new EventFeed(storage.executions().events(), Clock.systemUTC(),
                            settings.eventRetention())) {
                CountDownLatch stopped = new CountDownLatch(1);
                java.util.concurrent.atomic.AtomicBoolean outputClosed = new java.util.concurrent.atomic.AtomicBoolean();
                Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
                feed.subscribe(consumer, every, events -> {
                    print(out, events);
                    if (out.checkError()) {
                        // Nobody reads any more (weft events follow | head): stop instead of retrying for ever.
                        outputClosed.set(true);
                        stopped.countDown();
                        throw new IllegalStateException(
                                "standard output is closed; the position is not saved");
                    }
                });
                stopped.await();
                if (outputClosed.get()) {
                    System.err.println("weft events follow: standard output closed; consumer " + consumer
                            + " stays at its last saved position");
                    return ExitCodes.INVALID;
                }
            }
            return ExitCodes.OK;
        }

        /** Printed and flushed before the consumer saves its position: at least once. */
        private static void print(PrintStream out, List<EventRecord> events) {
            for (EventRecord e : events) {
                // The API's view, and the tenant: this reads every tenant's events.
                out.println(EventsApi.view(e).put("tenant", e.tenantId()));
            }
            out.flush();
        }
    }
}
