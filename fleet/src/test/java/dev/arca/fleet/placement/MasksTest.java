package dev.arca.fleet.placement;

import static dev.arca.fleet.placement.Fixtures.byCell;
import static dev.arca.fleet.placement.Fixtures.byCluster;
import static dev.arca.fleet.placement.Fixtures.mask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.fleet.resources.Rollout;
import java.util.List;
import org.junit.jupiter.api.Test;

class MasksTest {
    private final List<Placed> cells = List.of(byCell("a/c2", "rz03"), byCell("a/c1", "rz02"),
            byCell("a/c1", "rz01"), byCell("b/c1", "rz04"));

    private static List<String> keys(List<Placed> placed) {
        return placed.stream().map(Placed::key).toList();
    }

    @Test
    void noMaskOrAnEmptyMaskPassesEveryTargetSortedByKey() {
        List<String> all = List.of("a/c1#rz01", "a/c1#rz02", "a/c2#rz03", "b/c1#rz04");
        assertThat(keys(Masks.apply(null, cells))).isEqualTo(all);
        assertThat(keys(Masks.apply(new Rollout.Mask(), cells))).isEqualTo(all);
    }

    @Test
    void cellsKeepTargetsOnListedCellsOnly() {
        assertThat(keys(Masks.apply(mask(List.of("rz02", "rz04"), List.of(), null), cells)))
                .containsExactly("a/c1#rz02", "b/c1#rz04");
        // a target placed by cluster has no cell, so a cell mask never lets it through
        assertThat(Masks.apply(mask(List.of("rz01"), List.of(), null), List.of(byCluster("a/c1")))).isEmpty();
    }

    @Test
    void clustersMatchByMemberNameOrByKey() {
        assertThat(keys(Masks.apply(mask(List.of(), List.of("c1"), null), cells)))
                .containsExactly("a/c1#rz01", "a/c1#rz02", "b/c1#rz04");
        assertThat(keys(Masks.apply(mask(List.of(), List.of("b/c1"), null), cells))).containsExactly("b/c1#rz04");
    }

    @Test
    void cellsAndClustersTogetherMustBothMatch() {
        assertThat(keys(Masks.apply(mask(List.of("rz01", "rz03"), List.of("c1"), null), cells)))
                .containsExactly("a/c1#rz01");
    }

    @Test
    void percentKeepsTheRoundedUpShareOfWhatIsLeftFirstByKey() {
        assertThat(keys(Masks.apply(mask(List.of(), List.of(), 25), cells))).containsExactly("a/c1#rz01");
        assertThat(keys(Masks.apply(mask(List.of(), List.of(), 26), cells))).containsExactly("a/c1#rz01", "a/c1#rz02");
        assertThat(keys(Masks.apply(mask(List.of(), List.of("c1"), 50), cells))).containsExactly("a/c1#rz01", "a/c1#rz02");
        assertThat(Masks.apply(mask(List.of(), List.of(), 0), cells)).isEmpty();
        assertThat(Masks.apply(mask(List.of(), List.of(), 100), cells)).hasSize(4);
    }

    @Test
    void aPercentOutsideZeroToHundredIsAnError() {
        assertThatThrownBy(() -> Masks.apply(mask(List.of(), List.of(), 101), cells))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("101").hasMessageContaining("0..100");
        assertThatThrownBy(() -> Masks.apply(mask(List.of(), List.of(), -1), List.of()))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("-1");
    }
}
