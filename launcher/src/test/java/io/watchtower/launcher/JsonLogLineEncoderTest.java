package io.watchtower.launcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import net.logstash.logback.composite.loggingevent.LogLevelJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggerNameJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventFormattedTimestampJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventJsonProviders;
import net.logstash.logback.composite.loggingevent.LoggingEventPatternJsonProvider;
import net.logstash.logback.composite.loggingevent.MdcJsonProvider;
import net.logstash.logback.composite.loggingevent.MessageJsonProvider;
import net.logstash.logback.composite.loggingevent.StackTraceJsonProvider;
import net.logstash.logback.encoder.LoggingEventCompositeJsonEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daemon's log lines are the same bytes as those of the composite JSON encoder it configured
 * before (logstash-logback-encoder with the same fields), so what reads the logs keeps reading them.
 */
class JsonLogLineEncoderTest {

    private LoggerContext context;
    private JsonLogLineEncoder encoder;
    private LoggingEventCompositeJsonEncoder before;

    @BeforeEach
    void encoders() {
        context = new LoggerContext();
        context.putProperty("host", "web-1");
        context.setMDCAdapter(MDC.getMDCAdapter());
        encoder = new JsonLogLineEncoder();
        encoder.setContext(context);
        encoder.start();
        before = new LoggingEventCompositeJsonEncoder();
        before.setContext(context);
        before.setProviders(providersBefore(context));
        before.start();
    }

    @AfterEach
    void stop() {
        MDC.clear();
        encoder.stop();
        before.stop();
        context.stop();
    }

    @Test
    void writesTheSameLineAsTheEncoderBefore() {
        MDC.put("tower", "db");
        MDC.put("series", "db/127.0.0.1:5432/replication_lag_seconds");
        LoggingEvent event = event("io.watchtower.runtime.escalation.EscalationPipeline", Level.WARN,
                "probe of {} failed: \"quoted\" \u00e9\n\ttab", new IllegalStateException("boom", new RuntimeException("cause")),
                Instant.parse("2026-12-03T19:58:00.120Z"), "db");
        String line = text(encoder.encode(event));
        assertThat(line).isEqualTo(text(before.encode(event)));
        assertThat(line).startsWith("{\"timestamp\":\"2026-12-03T19:58:00.12Z\",\"level\":\"WARN\",")
                .contains("\"host\":\"web-1\"", "\"tower\":\"db\"", "IllegalStateException: boom")
                .endsWith("}" + System.lineSeparator());
    }

    @Test
    void writesTheSameLineWithoutMdcThrowableOrFraction() {
        LoggingEvent event = event("short", Level.INFO, "ready", null, Instant.parse("2026-12-03T19:58:00Z"));
        assertThat(text(encoder.encode(event))).isEqualTo(text(before.encode(event)));
        LoggingEvent nanos = event("io.watchtower.runtime.Daemon", Level.ERROR, "x", null,
                Instant.parse("2026-12-03T19:58:00.123456789Z"));
        assertThat(text(encoder.encode(nanos))).isEqualTo(text(before.encode(nanos)));
    }

    @Test
    void writesTheSameLineBeforeTheHostIsKnown() {
        LoggerContext early = new LoggerContext();
        early.setMDCAdapter(MDC.getMDCAdapter());
        JsonLogLineEncoder encoderEarly = new JsonLogLineEncoder();
        encoderEarly.setContext(early);
        encoderEarly.start();
        LoggingEventCompositeJsonEncoder beforeEarly = new LoggingEventCompositeJsonEncoder();
        beforeEarly.setContext(early);
        beforeEarly.setProviders(providersBefore(early));
        beforeEarly.start();
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), early.getLogger("io.watchtower.launcher.Main"),
                Level.INFO, "starting", null, null);
        event.setInstant(Instant.parse("2026-12-03T19:58:00.5Z"));
        assertThat(text(encoderEarly.encode(event))).isEqualTo(text(beforeEarly.encode(event)));
    }

    private LoggingEvent event(String logger, Level level, String message, Throwable thrown, Instant at, Object... args) {
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), context.getLogger(logger), level, message, thrown,
                args.length == 0 ? null : args);
        event.setInstant(at);
        return event;
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The providers LogConfiguration gave the composite encoder before. */
    private static LoggingEventJsonProviders providersBefore(LoggerContext context) {
        LoggingEventJsonProviders providers = new LoggingEventJsonProviders();
        LoggingEventFormattedTimestampJsonProvider timestamp = new LoggingEventFormattedTimestampJsonProvider();
        timestamp.setFieldName("timestamp");
        timestamp.setTimeZone("UTC");
        providers.addTimestamp(timestamp);
        LogLevelJsonProvider level = new LogLevelJsonProvider();
        level.setFieldName("level");
        providers.addLogLevel(level);
        LoggerNameJsonProvider logger = new LoggerNameJsonProvider();
        logger.setFieldName("logger");
        logger.setShortenedLoggerNameLength(40);
        providers.addLoggerName(logger);
        LoggingEventPatternJsonProvider host = new LoggingEventPatternJsonProvider();
        host.setPattern("{\"host\":\"%property{host}\"}");
        providers.addPattern(host);
        providers.addMdc(new MdcJsonProvider());
        providers.addMessage(new MessageJsonProvider());
        StackTraceJsonProvider stack = new StackTraceJsonProvider();
        stack.setFieldName("stack");
        providers.addStackTrace(stack);
        providers.setContext(context);
        return providers;
    }
}
