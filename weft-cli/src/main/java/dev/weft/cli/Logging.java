package dev.weft.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The server's log set-up: INFO and above (or {@code WEFT_LOG_LEVEL}) to standard output, as text or as JSON lines. Each line written
 * for an execution carries its id (the engine puts {@code executionId}, {@code flow} and {@code step} in
 * the MDC): in text after the level, in JSON under {@code mdc}.
 */
final class Logging {
    /** The text layout: UTC time, level, execution id when there is one, logger, message. */
    static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z',UTC} %-5level"
            + "%replace( [%X{executionId}]){' \\[\\]', ''} %logger{0} - %msg%n";
    /** The environment variable that sets the level (TRACE, DEBUG, INFO, WARN, ERROR); INFO by default. */
    static final String LEVEL_ENV = "WEFT_LOG_LEVEL";
    /** Libraries that are chatty at INFO about things an operator does not act on. */
    private static final Map<String, Level> QUIET = Map.of("org.eclipse.jetty", Level.WARN,
            "com.zaxxer.hikari",
            Level.WARN, "org.flywaydb", Level.WARN);

    private Logging() {
    }

    /** Replaces the command line's configuration with the server's, in {@code format} text or json. */
    static void forServer(String format) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        Encoder<ILoggingEvent> encoder = "json".equals(format) ? json(context) : text(context);
        ConsoleAppender<ILoggingEvent> out = new ConsoleAppender<>();
        out.setContext(context);
        out.setName("stdout");
        out.setEncoder(encoder);
        out.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getenv(LEVEL_ENV), Level.INFO));
        root.addAppender(out);
        QUIET.forEach((name, level) -> context.getLogger(name).setLevel(level));
    }

    private static Encoder<ILoggingEvent> json(LoggerContext context) {
        JsonEncoder json = new JsonEncoder();
        json.setContext(context);
        json.setWithSequenceNumber(false);
        json.setWithNanoseconds(false);
        json.setWithContext(false);
        json.setWithArguments(false);
        json.setWithMessage(false);
        json.setWithFormattedMessage(true);
        json.start();
        return json;
    }

    private static Encoder<ILoggingEvent> text(LoggerContext context) {
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern(TEXT_PATTERN);
        text.start();
        return text;
    }
}
