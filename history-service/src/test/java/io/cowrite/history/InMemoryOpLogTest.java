package io.cowrite.history;

import java.time.Clock;

class InMemoryOpLogTest extends OpLogContract {
    @Override
    protected OpLog createLog(OpLogSettings settings) {
        return new InMemoryOpLog(settings, Clock.systemUTC());
    }
}
