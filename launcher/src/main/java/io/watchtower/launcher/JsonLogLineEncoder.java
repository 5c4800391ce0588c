package io.watchtower.launcher;

import ch.qos.logback.classic.pattern.ExtendedThrowableProxyConverter;
import ch.qos.logback.classic.pattern.TargetLengthBasedClassNameAbbreviator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * One log event as one JSON line: {@code timestamp} (ISO-8601, UTC), {@code level}, {@code logger}
 * (shortened to about 40 characters), {@code host}, the MDC's entries (tower, series, signal id where
 * known), {@code message} and, with a throwable, {@code stack}.
 *
 * <p>Written with Jackson's streaming generator: the daemon's logging needs no object mapper, so a
 * daemon whose own code does not databind never loads Jackson's databinding at all.
 */
public final class JsonLogLineEncoder extends EncoderBase<ILoggingEvent> {

    private static final byte[] LINE_END = System.lineSeparator().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private static final int LOGGER_NAME_LENGTH = 40;

    private final JsonFactory json = new JsonFactory();
    private final TargetLengthBasedClassNameAbbreviator abbreviator =
            new TargetLengthBasedClassNameAbbreviator(LOGGER_NAME_LENGTH);
    private final ExtendedThrowableProxyConverter stack = new ExtendedThrowableProxyConverter();

    /** Creates the encoder; {@link #start()} it after setting its context. */
    public JsonLogLineEncoder() {
        // configured in start()
    }

    @Override
    public void start() {
        stack.setContext(getContext());
        stack.start();
        super.start();
    }

    @Override
    public void stop() {
        stack.stop();
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator line = json.createGenerator(out)) {
            line.writeStartObject();
            line.writeStringField("timestamp", timestamp(event.getInstant()));
            line.writeStringField("level", event.getLevel().toString());
            line.writeStringField("logger", abbreviator.abbreviate(event.getLoggerName()));
            line.writeStringField("host", host(event));
            Map<String, String> mdc = event.getMDCPropertyMap();
            if (mdc != null) {
                for (Map.Entry<String, String> entry : mdc.entrySet()) {
                    line.writeStringField(entry.getKey(), entry.getValue());
                }
            }
            line.writeStringField("message", event.getFormattedMessage());
            if (event.getThrowableProxy() != null) {
                line.writeStringField("stack", stack.convert(event));
            }
            line.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.writeBytes(LINE_END);
        return out.toByteArray();
    }

    private static String timestamp(Instant at) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.atOffset(ZoneOffset.UTC));
    }

    /** The {@code host} property of the logger context, else the system property, else empty (until it is set). */
    private static String host(ILoggingEvent event) {
        String host = event.getLoggerContextVO() == null ? null : event.getLoggerContextVO().getPropertyMap().get("host");
        if (host == null) {
            host = System.getProperty("host");
        }
        return host == null ? "" : host;
    }
}
