package dev.arca.engine.mobility;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.api.Problem;
import org.junit.jupiter.api.Test;

class MigrationVerifierTest {
    private static final String LEFT = MigrationVerifier.EXISTS_DIFFERS + "; left as it is";

    @Test
    void anExistingObjectLeftDifferentIsADifference() {
        assertThat(MigrationVerifier.differs(new Problem("shop", "configmaps", "settings", LEFT))).isTrue();
        assertThat(MigrationVerifier.differs(new Problem("shop", "deployments.apps", "web", LEFT))).isTrue();
    }

    @Test
    void theTargetsOwnNamespaceObjectAndCaBundleAreNot() {
        assertThat(MigrationVerifier.differs(new Problem(null, "namespaces", "shop", LEFT))).isFalse();
        assertThat(MigrationVerifier.differs(new Problem("shop", "configmaps", "kube-root-ca.crt", LEFT))).isFalse();
    }

    @Test
    void otherWarningsAreNot() {
        assertThat(MigrationVerifier.differs(new Problem("shop", "configmaps", "settings", "not Established after 60s"))).isFalse();
    }
}
