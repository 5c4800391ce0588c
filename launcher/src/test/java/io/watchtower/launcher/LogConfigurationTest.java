package io.watchtower.launcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The logging set up in code: the documented JSON fields, and stepping aside for a file of one's own. */
class LogConfigurationTest {

    @Test
    void logsJsonLinesWithTheDocumentedFields() throws Exception {
        LoggerContext context = new LoggerContext();
        context.putProperty("host", "web-1");
        context.setMDCAdapter(MDC.getMDCAdapter());
        assertThat(new LogConfiguration().configure(context)).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(context.getLogger("io.lettuce.core").getEffectiveLevel()).isEqualTo(Level.WARN);
        @SuppressWarnings("unchecked")
        ConsoleAppender<ILoggingEvent> appender = (ConsoleAppender<ILoggingEvent>) root.getAppender("JSON");
        assertThat(appender.getTarget()).isEqualTo("System.err");

        MDC.put("tower", "db");
        try {
            LoggingEvent event = new LoggingEvent(Logger.class.getName(), context.getLogger("io.watchtower.runtime.Daemon"),
                    Level.WARN, "probe of {} failed", new IllegalStateException("boom"), new Object[] {"db"});
            byte[] line = appender.getEncoder().encode(event);
            JsonNode json = new ObjectMapper().readTree(new String(line, StandardCharsets.UTF_8));
            assertThat(json.get("level").asText()).isEqualTo("WARN");
            assertThat(json.get("logger").asText()).isEqualTo("io.watchtower.runtime.Daemon");
            assertThat(json.get("host").asText()).isEqualTo("web-1");
            assertThat(json.get("tower").asText()).isEqualTo("db");
            assertThat(json.get("message").asText()).isEqualTo("probe of db failed");
            assertThat(json.get("stack").asText()).contains("IllegalStateException: boom");
            assertThat(json.get("timestamp").asText()).endsWith("Z");

            String longName = "io.watchtower.runtime.escalation.EscalationPipeline";
            LoggingEvent other = new LoggingEvent(Logger.class.getName(), context.getLogger(longName), Level.INFO, "x",
                    null, null);
            String shortened = new ObjectMapper().readTree(appender.getEncoder().encode(other)).get("logger").asText();
            assertThat(shortened).as("long logger names are shortened to about 40 characters")
                    .endsWith(".EscalationPipeline").hasSizeLessThan(longName.length());
        } finally {
            MDC.remove("tower");
            context.stop();
        }
    }

    @Test
    void aConfigurationFileOfOnesOwnIsLeftToLogback() {
        String before = System.getProperty("logback.configurationFile");
        System.setProperty("logback.configurationFile", "/etc/watchtower/logback.xml");
        try {
            LoggerContext context = new LoggerContext();
            assertThat(new LogConfiguration().configure(context)).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
            assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
        } finally {
            if (before == null) {
                System.clearProperty("logback.configurationFile");
            } else {
                System.setProperty("logback.configurationFile", before);
            }
        }
    }
}
