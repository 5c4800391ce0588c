package io.watchtower.launcher;

import org.slf4j.LoggerFactory;

/**
 * Sets up logging (SLF4J finding Logback, Logback running {@link LogConfiguration}, the JSON
 * encoder) on a thread of its own while the daemon's start reads its configuration: the two do not
 * depend on each other, and on a machine with a second core the start no longer waits for both in
 * turn. {@link #await} before anything that logs or tags the logs: a logger asked for while the
 * setup runs is one of SLF4J's stand-ins, which hands its lines on once the setup is done.
 */
final class LogSetup {

    private final Thread thread;

    private LogSetup(Thread thread) {
        this.thread = thread;
    }

    /** @return the setup, begun */
    static LogSetup begin() {
        Thread thread = new Thread(LoggerFactory::getILoggerFactory, "log-setup");
        thread.setDaemon(true);
        thread.start();
        return new LogSetup(thread);
    }

    /**
     * Waits until logging is set up.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    void await() throws InterruptedException {
        thread.join();
    }
}
