package dev.arca.fleet.placement;

import java.util.List;

/** Every member and every cell the scheduler may choose from (already limited to one tenant's workspace). */
public record Topology(List<Member> members, List<CellInfo> cells) {

    public Topology {
        members = members == null ? List.of() : List.copyOf(members);
        cells = cells == null ? List.of() : List.copyOf(cells);
    }
}
