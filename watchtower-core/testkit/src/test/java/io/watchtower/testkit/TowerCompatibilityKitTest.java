package io.watchtower.testkit;

import io.watchtower.spi.TowerFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The kit's checks fail for towers that break the contract. */
class TowerCompatibilityKitTest {

    /** The kit configured for one of the misbehaving towers. */
    private static final class KitFor extends TowerCompatibilityKit {
        private final TowerFactory factory;

        KitFor(TowerFactory factory) {
            this.factory = factory;
        }

        @Override
        protected TowerFactory factory() {
            return factory;
        }

        @Override
        protected String validSettings() {
            return "targets = [\"127.0.0.1:1\"]";
        }

        @Override
        protected String unresponsiveSettings(String hostPort) {
            return "targets = [\"" + hostPort + "\"]";
        }

        @Override
        protected MutationWitness mutationWitness() {
            return null;
        }
    }

    @Test
    void aTowerThatKeepsAThreadAndASocketAfterCloseFails() {
        assertThatThrownBy(() -> new KitFor(new MisbehavingTowers.Leaky()).closeReleasesEveryThreadAndSocketAndIsIdempotent())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("still alive")
                .hasMessageContaining("leaky-worker");
    }

    @Test
    void aTowerThatLogsItsPasswordFails() {
        assertThatThrownBy(() -> new KitFor(new MisbehavingTowers.Blabbing()).keepsSecretsOutOfItsStringFormResultsAndLogs())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("with password s3cr3t-");
    }

    @Test
    void aTowerWithoutAWitnessMustSayWhy() {
        assertThatThrownBy(() -> new KitFor(new MisbehavingTowers.Blabbing()).neverWritesToWhatItWatches())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("a tower without a mutation witness says why");
    }
}
