package dev.arca.engine.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import org.junit.jupiter.api.Test;

class ImageRuleTest {
    @Test
    void parsesRegistriesWithPortsTagsAndDigests() {
        assertThat(ImageRef.parse("host:5000/team/app:1.2")).isEqualTo(new ImageRef("host:5000", "team/app", "1.2", null));
        assertThat(ImageRef.parse("nginx")).isEqualTo(new ImageRef(null, "nginx", null, null));
        assertThat(ImageRef.parse("library/nginx:1.25")).isEqualTo(new ImageRef(null, "library/nginx", "1.25", null));
        assertThat(ImageRef.parse("localhost/postgres:15")).isEqualTo(new ImageRef("localhost", "postgres", "15", null));
        ImageRef pinned = ImageRef.parse("quay.io/a/b:1@sha256:abc");
        assertThat(pinned).isEqualTo(new ImageRef("quay.io", "a/b", "1", "sha256:abc"));
        assertThat(ImageRef.parse("host:5000/app@sha256:abc")).isEqualTo(new ImageRef("host:5000", "app", null, "sha256:abc"));
        assertThat(pinned.toString()).isEqualTo("quay.io/a/b:1@sha256:abc");
    }

    @Test
    void registryReplaceRewritesEveryImageAndKeepsTagAndDigest() {
        ImageRule r = ImageRule.parse("registry:replace:registry.qa.local:5000");
        assertThat(r.apply("host:5000/team/app:1.2")).isEqualTo("registry.qa.local:5000/team/app:1.2");
        assertThat(r.apply("nginx@sha256:abc")).isEqualTo("registry.qa.local:5000/nginx@sha256:abc");
    }

    @Test
    void karmadaOperatorsOnEachComponent() {
        assertThat(ImageRule.parse("registry:add:-mirror").apply("k8s.gcr.io/pause:3")).isEqualTo("k8s.gcr.io-mirror/pause:3");
        assertThat(ImageRule.parse("registry:remove").apply("k8s.gcr.io/pause:3")).isEqualTo("pause:3");
        assertThat(ImageRule.parse("repository:replace:other/app").apply("h.io/team/app:1")).isEqualTo("h.io/other/app:1");
        assertThat(ImageRule.parse("repository:add:-debug").apply("h.io/app:1")).isEqualTo("h.io/app-debug:1");
        assertThat(ImageRule.parse("tag:replace:2.0").apply("h.io/app:1")).isEqualTo("h.io/app:2.0");
        assertThat(ImageRule.parse("tag:add:2.0").apply("h.io/app")).isEqualTo("h.io/app:2.0");
        assertThat(ImageRule.parse("tag:remove").apply("h.io/app:1@sha256:abc")).isEqualTo("h.io/app@sha256:abc");
    }

    @Test
    void oldEqualsNewRewritesOnlyThatRegistryOrPrefix() {
        ImageRule r = ImageRule.parse("registry.prod:5000=registry.qa.local");
        assertThat(r.apply("registry.prod:5000/shop/web:1")).isEqualTo("registry.qa.local/shop/web:1");
        assertThat(r.apply("registry.prod:5001/shop/web:1")).isEqualTo("registry.prod:5001/shop/web:1");
        assertThat(r.apply("other.io/registry.prod:5000/x")).isEqualTo("other.io/registry.prod:5000/x");
        assertThat(ImageRule.parse("docker.io=mirror.local").apply("nginx:1.25")).isEqualTo("mirror.local/library/nginx:1.25");
        assertThat(ImageRule.parse("h.io/team=h.io/qa").apply("h.io/team/app:1")).isEqualTo("h.io/qa/app:1");
        assertThat(ImageRule.parse("h.io/team=h.io/qa").apply("h.io/teamster/app:1")).isEqualTo("h.io/teamster/app:1");
    }

    @Test
    void malformedRulesAreRefusedWithTheirText() {
        assertThatThrownBy(() -> ImageRule.parse("registry:swap:x")).isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("\"registry:swap:x\"");
        assertThatThrownBy(() -> ImageRule.parse("tag:replace")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> ImageRule.parse("=x")).hasMessageContaining("is not old=new");
    }
}
