package io.watchtower.tower.dns;

import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/** One question to one resolver; its target name is {@code resolver/name/TYPE}. */
record Query(ResolverAddress resolver, Name name, int type) {

    /** @return the series target, e.g. {@code 10.0.0.2/api.example.com/A} */
    String target() {
        return resolver.label() + "/" + question();
    }

    /** @return the question without the resolver, e.g. {@code api.example.com/A} */
    String question() {
        String text = name.toString(true);
        return (text.isEmpty() ? "." : text) + "/" + Type.string(type);
    }
}
