package io.watchtower.tower.redisqueue;

import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.CommandOutput;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A reply as nested lists of String, Long and null, like Lettuce's {@code NestedMultiOutput} but
 * without sizing a list from the count a server declares: {@code *2000000000} costs an empty list,
 * not an array of two billion slots. What the server may actually send is bounded by
 * {@link io.watchtower.net.ReplyByteLimit}.
 */
final class ReplyTree extends CommandOutput<String, String, List<Object>> {

    private final Deque<List<Object>> parents = new ArrayDeque<>();
    private int depth;
    private boolean started;

    ReplyTree() {
        super(StringCodec.UTF8, new ArrayList<>());
    }

    @Override
    public void set(ByteBuffer bytes) {
        output.add(bytes == null ? null : StringCodec.UTF8.decodeValue(bytes));
    }

    @Override
    public void setSingle(ByteBuffer bytes) {
        set(bytes);
    }

    @Override
    public void set(long integer) {
        output.add(integer);
    }

    @Override
    public void set(double number) {
        output.add(number);
    }

    @Override
    public void multi(int count) {
        if (!started) {
            started = true; // the outermost array is the output itself
            depth = 1;
            return;
        }
        List<Object> nested = new ArrayList<>();
        output.add(nested);
        parents.push(output);
        output = nested;
        depth++;
    }

    @Override
    public void complete(int depth) {
        if (depth > 0 && depth < this.depth) {
            output = parents.pop();
            this.depth--;
        }
    }
}
