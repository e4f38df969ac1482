package dev.arca.fleet.store;

import java.util.List;

/** {@link FleetHistory#none()}: keeps nothing. */
enum NoHistory implements FleetHistory {
    INSTANCE;

    @Override
    public void propagated(PropagationRecord r) {
    }

    @Override
    public void memberStatus(StatusRecord r) {
    }

    @Override
    public List<PropagationRecord> audit(String binding, int limit) {
        return List.of();
    }

    @Override
    public List<StatusRecord> statusHistory(String binding, int limit) {
        return List.of();
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "no fleet history";
    }
}
