package dev.arca.engine.mobility;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PreflightReportTest {
    private static PreflightReport with(PreflightReport.MissingType... types) {
        return new PreflightReport("https://a", "https://b", List.of("shop"), List.of(types), List.of(), List.of(),
                List.of(new PreflightReport.Image("nginx:1", "nginx:1", List.of("pods shop/web containers/web"))));
    }

    @Test
    void aMissingTypeWhoseDefinitionTheBackupCarriesDoesNotBlock() {
        PreflightReport report = with(new PreflightReport.MissingType("widgets.example.com", "example.com/v1", "Widget", 2,
                "widgets.example.com", true, "carried"));

        assertThat(report.blocked()).isFalse();
        assertThat(report.images().get(0).unchanged()).isTrue();
    }

    @Test
    void aMissingTypeTheBackupDoesNotBringBlocks() {
        PreflightReport crdLeftBehind = with(new PreflightReport.MissingType("widgets.example.com", "example.com/v1", "Widget", 2,
                "widgets.example.com", false, "not carried"));
        PreflightReport builtInGone = with(new PreflightReport.MissingType("cronjobs.batch", "batch/v1beta1", "CronJob", 1,
                null, false, "not served"));

        assertThat(crdLeftBehind.blocked()).isTrue();
        assertThat(builtInGone.blocked()).isTrue();
    }
}
