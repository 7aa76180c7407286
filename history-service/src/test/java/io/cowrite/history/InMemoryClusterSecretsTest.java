package io.cowrite.history;

class InMemoryClusterSecretsTest extends ClusterSecretsContract {
    private final ClusterSecrets secrets = new InMemoryClusterSecrets();

    @Override
    protected ClusterSecrets secrets() {
        return secrets;
    }
}
