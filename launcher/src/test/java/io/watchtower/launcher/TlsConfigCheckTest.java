package io.watchtower.launcher;

import io.watchtower.testkit.fixture.TestCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.watchtower.launcher.CheckCommandTest.check;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code watchtower check} on the {@code tls} blocks of the HTTP channels and the fleet registry:
 * the same shape as the towers' ({@code tls { ca-file, verify, server-name }}), the same checks,
 * and every problem exits 78 naming key, file and line.
 */
class TlsConfigCheckTest {

    private static Path write(Path dir, String channelTls, String registryTls) throws Exception {
        Path file = dir.resolve("tls.conf");
        Files.writeString(file, "watchtower {\n"
                + "  state-dir = \"/tmp/wt\"\n"
                + "  channels = [\n"
                + "    { type = webhook, url = \"https://hooks.example/x\", tls { " + channelTls + " } }\n"
                + "  ]\n"
                + "  registry.postgres {\n"
                + "    url = \"jdbc:postgresql://registry.example:5432/watchtower\"\n"
                + "    " + registryTls + "\n"
                + "  }\n"
                + "  towers {\n"
                + "    app { type = network-path, component = app, targets = [\"127.0.0.1:5432\"] }\n"
                + "  }\n"
                + "}\n");
        return file;
    }

    @Test
    void validBlocksPass(@TempDir Path dir) throws Exception {
        TestCertificate ca = TestCertificate.create(dir, "ca");
        Path file = write(dir, "ca-file = \"" + ca.certificate() + "\", server-name = hooks.example",
                "tls { ca-file = \"" + ca.certificate() + "\", verify = true }");
        CheckCommandTest.Outcome o = check(file);
        assertThat(o.exit()).as(o.out()).isZero();
    }

    @Test
    void aCaFileWithoutCertificatesAndAnUnreadableOneExit78NamingKeyFileAndLine(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "no certificate here\n");
        Path file = write(dir, "ca-file = \"" + empty + "\"", "tls { ca-file = \"" + dir.resolve("missing.pem") + "\" }");
        CheckCommandTest.Outcome o = check(file);
        assertThat(o.exit()).as(o.out()).isEqualTo(78);
        assertThat(o.out()).contains(file + ":4: watchtower.channels[0].tls.ca-file: expected a readable PEM file of CA"
                + " certificates (file does not contain valid certificates: " + empty + ")");
        assertThat(o.out()).contains(file + ":8: watchtower.registry.postgres.tls.ca-file: expected a readable PEM file"
                + " of CA certificates (" + dir.resolve("missing.pem") + " cannot be read)");
    }

    @Test
    void unknownAndFlatKeysAndABadServerNameExit78(@TempDir Path dir) throws Exception {
        Path file = write(dir, "cafile = \"/x.pem\"", "tls-ca-file = \"/x.pem\"");
        CheckCommandTest.Outcome o = check(file);
        assertThat(o.exit()).as(o.out()).isEqualTo(78);
        assertThat(o.out()).contains(file + ":4: watchtower.channels[0].tls.cafile: unknown key of the tls block;"
                + " it accepts ca-file, verify and server-name");
        assertThat(o.out()).contains(file + ":8: watchtower.registry.postgres.tls-ca-file: unknown key");

        file = write(dir, "server-name = \"not a name\"", "tls { verify = maybe }");
        o = check(file);
        assertThat(o.exit()).as(o.out()).isEqualTo(78);
        assertThat(o.out()).contains(file + ":4: watchtower.channels[0].tls.server-name: expected a host name such as"
                + " alerts.example.com");
        assertThat(o.out()).contains(file + ":8: watchtower.registry.postgres.tls.verify: expected");
    }

    @Test
    void theRedisStreamChannelTakesTheSameBlockAndRefusesTlsInTheUrl(@TempDir Path dir) throws Exception {
        TestCertificate ca = TestCertificate.create(dir, "ca");
        Path file = dir.resolve("stream.conf");
        Files.writeString(file, "watchtower {\n"
                + "  state-dir = \"/tmp/wt\"\n"
                + "  channels = [\n"
                + "    { type = redis-stream, url = \"redis://queue.example:6380/1\", tls { ca-file = \"" + ca.certificate()
                + "\", server-name = queue.example, verify = true } }\n"
                + "  ]\n"
                + "  towers { app { type = network-path, component = app, targets = [\"127.0.0.1:5432\"] } }\n"
                + "}\n");
        CheckCommandTest.Outcome o = check(file);
        assertThat(o.exit()).as(o.out()).isZero();

        Files.writeString(file, Files.readString(file).replace("redis://", "rediss://")
                .replace("ca-file", "cafile").replace("server-name = queue.example", "server-name = \"not a name\""));
        o = check(file);
        assertThat(o.exit()).as(o.out()).isEqualTo(78);
        assertThat(o.out()).contains(file + ":4: watchtower.channels[0].url: TLS is set in the tls block, not in the URL"
                + " (rediss://)");
        assertThat(o.out()).contains(file + ":4: watchtower.channels[0].tls.cafile: unknown key of the tls block;"
                + " it accepts ca-file, verify and server-name");
        assertThat(o.out()).contains(file + ":4: watchtower.channels[0].tls.server-name: expected a host name");
    }

    @Test
    void registryTlsInTheUrlIsRefusedNamingTheBlock(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("url.conf");
        Files.writeString(file, "watchtower {\n"
                + "  state-dir = \"/tmp/wt\"\n"
                + "  registry.postgres.url = \"jdbc:postgresql://r.example/w?sslmode=verify-full&sslrootcert=/ca.pem\"\n"
                + "  towers { app { type = network-path, component = app, targets = [\"127.0.0.1:5432\"] } }\n"
                + "}\n");
        CheckCommandTest.Outcome o = check(file);
        assertThat(o.exit()).as(o.out()).isEqualTo(78);
        assertThat(o.out()).contains(file + ":3: watchtower.registry.postgres.url: TLS is set in the tls block, not in"
                + " the URL (sslmode)");
    }
}
