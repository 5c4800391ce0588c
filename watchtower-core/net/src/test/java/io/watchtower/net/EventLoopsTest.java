package io.watchtower.net;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventLoopsTest {

    @Test
    void oneGroupForTheWholeProcessWithDaemonThreads() throws Exception {
        assertThat(EventLoops.shared()).isSameAs(EventLoops.shared());
        Thread[] seen = new Thread[1];
        EventLoops.shared().submit(() -> seen[0] = Thread.currentThread()).get();
        assertThat(seen[0].isDaemon()).isTrue();
        assertThat(seen[0].getName()).startsWith("watchtower-netty");
        assertThat(EventLoops.socketChannel().getSimpleName()).endsWith("SocketChannel");
    }
}
