package io.watchtower.runtime.config;

import com.typesafe.config.ConfigFactory;
import io.watchtower.spi.Check;
import io.watchtower.spi.SpiVersion;
import io.watchtower.spi.Tower;
import io.watchtower.spi.TowerContext;
import io.watchtower.spi.TowerFactory;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SecretRedactorTest {

    @Test
    void passwordsInUrlsAreMasked() {
        assertThat(SecretRedactor.urlPasswords("jdbc:postgresql://db:5432/fleet?user=wt&password=hunter2&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/fleet?user=wt&password=***&ssl=true");
        assertThat(SecretRedactor.urlsOnly().redact("GET http://ops:hunter2@lb:8404/stats failed"))
                .isEqualTo("GET http://ops:***@lb:8404/stats failed");
    }

    @Test
    void aTowersSecretIsMaskedWhereverItAppearsFromAnyOfItsSources() {
        TowerFactory factory = new TowerFactory() {
            public String type() {
                return "x";
            }

            public String description() {
                return "x";
            }

            public List<Check> checks() {
                return List.of();
            }

            public Tower create(TowerContext context) {
                return out -> { };
            }

            public Set<String> sensitiveKeys() {
                return Set.of("password", "tls.key-password");
            }

            public int spiVersion() {
                return SpiVersion.CURRENT;
            }
        };
        DaemonConfig config = new ConfigLoader(Map.of("TLS_PASS", "from-the-env")).validate(ConfigFactory.parseString(
                "watchtower { state-dir = \"/tmp/wt\", towers { t { type = x, password = \"inline-secret\","
                        + " tls.key-password-env = TLS_PASS, short = on } } }"), Path.of("t.conf"));
        SecretRedactor r = SecretRedactor.forTower(config.towers().get("t"), factory, Map.of("TLS_PASS", "from-the-env"));
        assertThat(r.redact("login failed for inline-secret; key from-the-env; tls on"))
                .isEqualTo("login failed for ***; key ***; tls on");
    }
}
