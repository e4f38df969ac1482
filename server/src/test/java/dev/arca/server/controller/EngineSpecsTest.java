package dev.arca.server.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.api.BackupSpec;
import dev.arca.api.RestoreSpec;
import dev.arca.server.resources.BackupResourceSpec;
import dev.arca.server.resources.RestoreResourceSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

class EngineSpecsTest {
    @Test
    void aBackupResourcesHooksReachTheEngineSpec() {
        BackupResourceSpec resource = Serialization.unmarshal("""
                includedNamespaces: [shop]
                hooks:
                  resources:
                    - name: freeze-db
                      labelSelector: {matchLabels: {app: db}}
                      pre: [{exec: {command: [sync], onError: Continue, timeout: 10s}}]
                """, BackupResourceSpec.class);

        BackupSpec spec = EngineSpecs.backup(resource, "default");

        assertThat(spec.hooks().resources()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("freeze-db");
            assertThat(r.labelSelector().text()).isEqualTo("app=db");
            assertThat(r.pre().get(0).exec().command()).containsExactly("sync");
        });
    }

    @Test
    void aResourceWithABadHookIsReadAndRefusedWhenItsRunStartsNamingTheRule() {
        RestoreResourceSpec resource = Serialization.unmarshal("""
                backupName: nightly
                hooks:
                  resources:
                    - name: warm
                      postHooks: [{exec: {command: [cat, /x], waitTimeout: forever}}]
                """, RestoreResourceSpec.class);

        assertThatThrownBy(() -> EngineSpecs.restore(resource, "default"))
                .isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("restore hook rule \"warm\" waitTimeout \"forever\" is not a valid duration");
        RestoreSpec none = EngineSpecs.restore(Serialization.unmarshal("backupName: nightly\n", RestoreResourceSpec.class), "default");
        assertThat(none.hooks()).isNull();
    }
}
