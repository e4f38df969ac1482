package dev.arca.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestNamespaceTest {

    @Test
    void randomNamesAreShortDistinctLabels() {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            names.add(TestNamespace.random().name());
        }

        assertThat(names).hasSize(1000).allMatch(name -> name.matches("t-[a-z0-9]{8}"));
    }

    @Test
    void rejectsNamesThatAreNotDnsLabels() {
        assertThatThrownBy(() -> new TestNamespace("Upper")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"Upper\"");
        assertThatThrownBy(() -> new TestNamespace("a".repeat(64))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TestNamespace(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
