package io.watchtower.tower.networkpath;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;

/** One attempt to reach a target: how a round trip is made (TCP handshake or ICMP echo). */
interface PathProbe {

    /**
     * @param target the target
     * @param address its resolved address
     * @param timeout the most this attempt may take
     * @return the round trip in milliseconds
     * @throws IOException when the attempt failed or timed out (the message says which)
     * @throws java.nio.channels.ClosedByInterruptException when the probe is cancelled
     */
    double roundTrip(Target target, InetAddress address, Duration timeout) throws IOException;

    /** @return the method's name in configuration and context: {@code tcp} or {@code icmp} */
    String method();
}
