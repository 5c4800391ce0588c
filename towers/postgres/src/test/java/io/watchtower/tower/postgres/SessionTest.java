package io.watchtower.tower.postgres;

import org.junit.jupiter.api.Test;
import org.postgresql.util.ClassLoaderStrategy;
import org.postgresql.util.ClassUtils;

import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** What the driver reads from a session's properties. */
class SessionTest {

    private final Session session = new Session("127.0.0.1:5432", "postgres", "watchtower", null, "prefer",
            "watchtower", Duration.ofSeconds(5), Duration.ofSeconds(2), 1 << 20);

    @Test
    void theDriverLooksUpTheTowersSocketFactoriesInTheProbeThreadsLoaderFirst() throws Exception {
        Properties p = session.properties(Duration.ofSeconds(1));

        assertThat(ClassLoaderStrategy.of(p)).isEqualTo(ClassLoaderStrategy.CONTEXT_FIRST);

        // as the driver resolves socketFactory: the context loader answers, the driver's is not asked
        AtomicInteger driverLoaderAsked = new AtomicInteger();
        ClassLoader driverLoader = new URLClassLoader(new URL[0], SessionTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                driverLoaderAsked.incrementAndGet();
                return super.loadClass(name, resolve);
            }
        };
        Class<?> found = ClassUtils.forName(p.getProperty("socketFactory"), javax.net.SocketFactory.class,
                ClassLoaderStrategy.of(p), driverLoader);

        assertThat(found).isEqualTo(BoundedReplySocketFactory.class);
        assertThat(driverLoaderAsked).hasValue(0);
        assertThat(p.getProperty("sslfactory")).isEqualTo(BoundedReplySslSocketFactory.class.getName());
    }
}
