package dev.arca.server.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackupNamesTest {

    @Test
    void nameIsScheduleDashScheduledTimeInUtc() {
        assertThat(BackupNames.forRun("nightly", Instant.parse("2026-03-29T01:00:00Z"))).isEqualTo("nightly-20260329010000");
        assertThat(BackupNames.forRun("shop.nightly", Instant.parse("2026-12-05T23:59:58.900Z")))
                .isEqualTo("shop.nightly-20261205235958");
    }

    @Test
    void theLongestAllowedScheduleNameGivesA253CharacterName() {
        String name = "a".repeat(BackupNames.MAX_SCHEDULE_NAME_LENGTH);
        assertThat(BackupNames.MAX_SCHEDULE_NAME_LENGTH).isEqualTo(238);
        assertThat(BackupNames.forRun(name, Instant.EPOCH)).hasSize(253).endsWith("-19700101000000");
        assertThat(BackupNames.problem(name)).isEmpty();
    }

    @Test
    void aScheduleNameTooLongFailsSayingTheLimit() {
        String name = "a".repeat(239);
        assertThat(BackupNames.problem(name)).contains("schedule name \"aaaaaaaaaaaaaaaaaaaa...\" is 239 characters long;"
                + " the limit is 238 so that its backups' names (name + '-yyyyMMddHHmmss') stay within Kubernetes' 253;"
                + " choose a shorter name");
        assertThatThrownBy(() -> BackupNames.forRun(name, Instant.EPOCH))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("the limit is 238");
    }

    @Test
    void aNameThatIsNotAKubernetesNameFails() {
        for (String bad : new String[] {"Nightly", "-nightly", "nightly-", "night_ly", "a..b"}) {
            assertThat(BackupNames.problem(bad)).as(bad).contains("schedule name \"" + bad + "\" is not a valid"
                    + " Kubernetes name: use lower-case letters, digits, '-' and '.', starting and ending with a letter"
                    + " or digit, e.g. \"nightly-shop\"");
        }
        assertThat(BackupNames.problem("")).contains("the schedule has no name; give it one such as \"nightly\"");
    }
}
