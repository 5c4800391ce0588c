package io.watchtower.runtime.channel;

import io.watchtower.runtime.escalation.Notification;
import io.watchtower.runtime.signal.Signal;

import java.io.PrintStream;
import java.util.Locale;

/** Prints one readable line per notification to standard output. */
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
    public void deliver(Notification n) {
        String extra = n.escalation().fleet() == null ? "" : " [" + n.escalation().fleet().summary() + "]";
        if (!n.escalation().suppressing().isEmpty()) {
            extra += " [suppressing " + n.escalation().suppressing().size() + " dependant signal(s)]";
        }
        out.println((Notification.FIRING.equals(n.reason()) || Notification.RESOLVED.equals(n.reason()) ? ""
                : n.reason().toUpperCase(Locale.ROOT) + " ") + line(n.signal(), extra));
        out.flush();
    }

    static String line(Signal s, String extra) {
        return s.at() + " " + s.state().wireName().toUpperCase(Locale.ROOT)
                + (NotificationText.flapping(s) ? " FLAPPING" : "") + " " + s.severity().wireName() + " "
                + s.kind().wireName() + " "
                + s.component() + "/" + s.check() + (s.target().isEmpty() ? "" : " [" + s.target() + "]") + " — "
                + s.summary() + extra + " (id " + s.id() + ")";
    }
}
