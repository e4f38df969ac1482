package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.engine.hooks.HookResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class DescriberHooksTest {
    private static String describe(boolean details) {
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            Describer.hooks(out, List.of(
                    new HookResult("shop", "web", "app", "cat /data/marker", "annotation", 0, "restored\n", null),
                    new HookResult("shop", "worker", "app", "sh -c warm", "rule warm", 4, "1\n2\n3\n4\n5\n6\n7\n", "exited 4")), details);
        }
        return text.toString();
    }

    @Test
    void restoreDescribeShowsEachHooksPodCommandExitCodeAndOutput() {
        String text = describe(false);

        assertThat(text).contains("Hooks:")
                .contains("  shop/web container app [cat /data/marker] (annotation): exit 0\n    | restored\n")
                .contains("  shop/worker container app [sh -c warm] (rule warm): exit 4, failed\n")
                .contains("    | 5\n    | ... 2 more lines; use --details to see all")
                .doesNotContain("| 6");
        assertThat(describe(true)).contains("    | 7\n").doesNotContain("more lines");
    }
}
