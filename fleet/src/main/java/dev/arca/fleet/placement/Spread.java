package dev.arca.fleet.placement;

import dev.arca.api.ArcaException;
import dev.arca.fleet.resources.FleetResources;
import dev.arca.fleet.resources.Placement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Spread constraints over the chosen members: region, zone and provider group members by their
 * topology label, cluster makes each member a group, cell makes the members' cells the targets.
 * {@code maxGroups} keeps the first groups in sorted order; {@code minGroups} not met is an error.
 */
final class Spread {
    private static final Map<String, String> LABEL_OF_FIELD = Map.of(
            "region", FleetResources.REGION_LABEL,
            "zone", FleetResources.ZONE_LABEL,
            "provider", FleetResources.PROVIDER_LABEL);

    private static final Comparator<Member> BY_MEMBER = Comparator.comparing(Member::key);

    private Spread() {
    }

    /** The targets (replicas not yet set) for the chosen members, sorted by member key. */
    static List<Placed> targets(Placement p, List<Member> chosen, List<CellInfo> cells, List<String> warnings) {
        List<Member> members = chosen;
        Placement.SpreadConstraint byCell = null;
        for (Placement.SpreadConstraint c : p.spreadConstraints == null ? List.<Placement.SpreadConstraint>of()
                : p.spreadConstraints) {
            String field = c.spreadByField == null ? "" : c.spreadByField;
            if (!field.equals("cell") && !field.equals("cluster") && !LABEL_OF_FIELD.containsKey(field)) {
                throw new ArcaException.InvalidInput("placement.spreadConstraints spreadByField '" + field
                        + "' is not one of cluster, cell, region, zone, provider; use one of those");
            }
            checkBounds(field, c);
            if (field.equals("cell")) {
                byCell = c;
            } else if (field.equals("cluster")) {
                members = limit(field, groups(members, Member::key), c, BY_MEMBER);
            } else {
                members = limit(field, byLabel(members, LABEL_OF_FIELD.get(field), warnings), c, BY_MEMBER);
            }
        }
        if (byCell == null) {
            return members.stream().map(m -> new Placed(m.key(), null, Map.of(), null)).toList();
        }
        return cellTargets(p.cellAffinity, members, cells, byCell, warnings);
    }

    private static List<Placed> cellTargets(Placement.CellAffinity affinity, List<Member> members,
            List<CellInfo> cells, Placement.SpreadConstraint c, List<String> warnings) {
        List<Placed> placed = new ArrayList<>();
        for (Member m : members) {
            cells.stream().filter(cell -> cell.isOn(m) && matches(affinity, cell))
                    .forEach(cell -> placed.add(new Placed(m.key(), cell.name(), cell.nodeSelector(), null)));
        }
        if (placed.isEmpty()) {
            warnings.add("placement.cellAffinity matched no cell of the chosen members " + Scheduler.keys(members)
                    + "; create Cells for them or check the affinity's cellNames and labelSelector");
            return List.of();
        }
        return limit("cell", groups(placed, Placed::key), c, Comparator.comparing(Placed::key));
    }

    private static boolean matches(Placement.CellAffinity affinity, CellInfo cell) {
        if (affinity == null) {
            return true;
        }
        boolean named = affinity.cellNames == null || affinity.cellNames.isEmpty()
                || affinity.cellNames.contains(cell.name());
        return named && LabelSelectors.matches(affinity.labelSelector, cell.labels());
    }

    private static <T> TreeMap<String, List<T>> groups(List<T> items, Function<T, String> key) {
        TreeMap<String, List<T>> groups = new TreeMap<>();
        items.forEach(i -> groups.computeIfAbsent(key.apply(i), k -> new ArrayList<>()).add(i));
        return groups;
    }

    private static TreeMap<String, List<Member>> byLabel(List<Member> members, String label, List<String> warnings) {
        List<Member> labelled = members.stream().filter(m -> m.labels().containsKey(label)).toList();
        if (labelled.size() < members.size()) {
            List<Member> unlabelled = members.stream().filter(m -> !m.labels().containsKey(label)).toList();
            warnings.add("member clusters " + Scheduler.keys(unlabelled) + " have no label " + label
                    + " and are left out of the spread by it; label them to include them");
        }
        return groups(labelled, m -> m.labels().get(label));
    }

    private static <T> List<T> limit(String field, TreeMap<String, List<T>> groups, Placement.SpreadConstraint c,
            Comparator<T> order) {
        if (c.minGroups != null && groups.size() < c.minGroups) {
            throw new ArcaException.InvalidInput("placement.spreadConstraints spreadByField '" + field
                    + "' needs minGroups " + c.minGroups + " but the chosen targets form " + groups.size()
                    + " group(s) " + groups.keySet() + "; add or label more member clusters or cells, "
                    + "widen the affinity, or lower minGroups");
        }
        int max = c.maxGroups == null ? Integer.MAX_VALUE : c.maxGroups;
        return groups.values().stream().limit(max).flatMap(List::stream)
                .sorted(order).toList();
    }

    private static void checkBounds(String field, Placement.SpreadConstraint c) {
        if ((c.minGroups != null && c.minGroups < 0) || (c.maxGroups != null && c.maxGroups < 1)
                || (c.minGroups != null && c.maxGroups != null && c.minGroups > c.maxGroups)) {
            throw new ArcaException.InvalidInput("placement.spreadConstraints spreadByField '" + field
                    + "' has minGroups " + c.minGroups + " and maxGroups " + c.maxGroups
                    + "; give 0 <= minGroups <= maxGroups and maxGroups >= 1");
        }
    }
}
