package io.watchtower.net;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The resolver against a name server that takes every query and never answers: a real UDP socket
 * on the loopback that reads and drops what it is sent. The lookup must give up at its deadline.
 */
class BoundedResolverTest {

    private DatagramSocket silent;
    private final AtomicInteger queries = new AtomicInteger();
    private final CountDownLatch firstQuery = new CountDownLatch(1);
    private Thread reader;

    @BeforeEach
    void startSilentNameServer() throws SocketException {
        silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        reader = new Thread(() -> {
            byte[] buffer = new byte[1500];
            while (!silent.isClosed()) {
                try {
                    silent.receive(new DatagramPacket(buffer, buffer.length));
                    queries.incrementAndGet(); // and no answer, ever
                    firstQuery.countDown();
                } catch (java.io.IOException closed) {
                    return;
                }
            }
        }, "silent-name-server");
        reader.setDaemon(true);
        reader.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        silent.close();
        reader.join(5000);
    }

    @Test
    void aNameServerThatNeverAnswersEndsTheLookupAtItsDeadline() throws Exception {
        try (BoundedResolver resolver = BoundedResolver.using(List.of((InetSocketAddress) silent.getLocalSocketAddress()))) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> resolver.resolve("alerts.never-answers.test", Duration.ofMillis(300)))
                    .isInstanceOf(TimeoutException.class)
                    .hasMessage("resolving alerts.never-answers.test took longer than 300 ms");
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            // the server's thread counts what it received on its own time
            assertThat(firstQuery.await(5, TimeUnit.SECONDS)).as("the query reached the silent server").isTrue();
            // the JDK's resolver would wait out its own retries (5 s and more); a second of slack for a busy machine
            assertThat(tookMillis).as("gave up at its deadline").isLessThan(1300);
        }
    }

    @Test
    void anIpLiteralIsNotLookedUp() throws Exception {
        try (BoundedResolver resolver = BoundedResolver.using(List.of((InetSocketAddress) silent.getLocalSocketAddress()))) {
            assertThat(resolver.resolve("127.0.0.1", Duration.ofMillis(1))).isEqualTo(InetAddress.getByName("127.0.0.1"));
            assertThat(resolver.resolve("::1", Duration.ofMillis(1))).isEqualTo(InetAddress.getByName("::1"));
            assertThat(queries.get()).isZero();
        }
    }
}
