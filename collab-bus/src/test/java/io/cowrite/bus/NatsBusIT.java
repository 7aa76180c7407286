package io.cowrite.bus;

/** The bus contract against the real NATS server at {@code cowrite.nats.url} (default 127.0.0.1:4222). */
class NatsBusIT extends BusContract {
    static String natsUrl() {
        return System.getProperty("cowrite.nats.url", "nats://127.0.0.1:4222");
    }

    @Override
    protected Bus createBus() {
        return NatsBus.connect(NatsBusOptions.of(natsUrl(), "bus-contract-test"));
    }
}
