package io.watchtower.runtime.channel;

import io.watchtower.runtime.signal.Signal;

import java.io.PrintStream;
import java.util.Locale;

/** Prints one readable line per signal to standard output. */
final class ConsoleChannel implements SignalChannel {

    private final String name;
    private final PrintStream out;

    ConsoleChannel(String name, PrintStream out) {
        this.name = name;
        this.out = out;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void deliver(Signal signal, String json) {
        out.println(line(signal));
        out.flush();
    }

    static String line(Signal s) {
        return s.at() + " " + s.state().toUpperCase(Locale.ROOT) + " " + s.severity() + " " + s.kind() + " "
                + s.component() + "/" + s.check() + (s.target().isEmpty() ? "" : " [" + s.target() + "]") + " — "
                + s.summary() + " (id " + s.id() + ")";
    }
}
