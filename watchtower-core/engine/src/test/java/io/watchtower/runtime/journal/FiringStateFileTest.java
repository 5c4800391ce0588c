package io.watchtower.runtime.journal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watchtower.runtime.signal.SignalJson;
import io.watchtower.runtime.signal.TestSignals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The journal's saved firing state, written and read with the streaming API: the same bytes as the
 * object tree that wrote it before, and files of that form (and of other spacing) still load.
 */
class FiringStateFileTest {

    private static final String A = SignalJson.write(TestSignals.firing("connect_ms"));
    private static final String B = SignalJson.write(TestSignals.firing("loss_ratio")).replace("0123456789abcdef", "fedcba9876543210")
            .replace("\"state\":\"firing\"",
            "\"state\":\"firing\",\"note\":\"é \\\" \\u0001\",\"n\":[1.5E-7,12345678901234,-0.0]");

    private static byte[] writtenBefore(long base, List<String> lines) throws IOException {
        ObjectNode node = SignalJson.mapper().createObjectNode().put("base", base);
        ArrayNode array = node.putArray("firing");
        for (String json : lines) {
            array.add(SignalJson.mapper().readTree(json));
        }
        return SignalJson.mapper().writeValueAsBytes(node);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void writesTheBytesWrittenBefore() throws IOException {
        FiringState state = new FiringState();
        assertThat(state.accept(A)).isTrue();
        assertThat(state.accept(B)).isTrue();
        assertThat(text(state.bytes(4096))).isEqualTo(text(writtenBefore(4096, List.of(A, B))));
        assertThat(text(new FiringState().bytes(0))).isEqualTo(text(writtenBefore(0, List.of())));
    }

    @Test
    void readsAFileWrittenBefore(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("firing.json");
        Files.write(file, writtenBefore(777, List.of(A, B)));
        FiringState state = new FiringState();
        assertThat(state.read(file)).isEqualTo(777);
        assertThat(state.lines()).hasSize(2);
        assertThat(text(state.bytes(777))).isEqualTo(Files.readString(file));

        Files.writeString(file, "{\n  \"firing\" : [ " + A + " , 3 ],\n  \"extra\" : {\"x\":[1]},\n  \"base\" : 12\n}\n");
        FiringState spaced = new FiringState();
        assertThat(spaced.read(file)).isEqualTo(12);
        assertThat(spaced.lines()).containsExactly(A);
    }

    @Test
    void refusesWhatIsNotAState(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("firing.json");
        for (String bad : List.of("", "[]", "{\"base\":1}", "{\"firing\":[]}", "{\"base\":\"1\",\"firing\":[]}",
                "{\"base\":1,\"firing\":{}}", "{\"base\":1,\"firing\":[")) {
            Files.writeString(file, bad);
            assertThatThrownBy(() -> new FiringState().read(file)).as(bad).isInstanceOf(IOException.class);
        }
    }
}
