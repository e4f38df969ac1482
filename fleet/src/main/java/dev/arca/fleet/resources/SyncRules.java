package dev.arca.fleet.resources;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * How the hub writes to members without fighting their own controllers: which label and annotation
 * keys flow (a key flows when it matches an {@code allow} prefix, or there is none, and matches no
 * {@code deny} prefix), which fields the member owns ({@code retain}: JSON pointers such as
 * {@code /spec/replicas} under an HPA, never written once the object exists), and the write mode.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SyncRules {
    public PrefixRules labels;
    public PrefixRules annotations;
    public List<String> retain = new ArrayList<>();
    public UpdateStrategy updateStrategy = UpdateStrategy.ServerSideApply;

    /** ServerSideApply with the fleet's field manager, or CreateOnly: create when absent, never update. */
    public enum UpdateStrategy { ServerSideApply, CreateOnly }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public static class PrefixRules {
        public List<String> allow = new ArrayList<>();
        public List<String> deny = new ArrayList<>();
    }
}
