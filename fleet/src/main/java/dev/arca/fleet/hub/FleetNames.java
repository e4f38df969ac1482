package dev.arca.fleet.hub;

import dev.arca.fleet.resources.FleetResources;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Names the hub gives the objects it writes, all valid Kubernetes names and unique per input. */
public final class FleetNames {
    private static final int LABEL_MAX = 63;
    private static final int NAME_MAX = 253;

    private FleetNames() {
    }

    /**
     * The execution namespace on the hub that holds a member's Works: {@code arca-es-<workspace>-<member>-<hash>}.
     * The hash of {@code workspace/member} is always there: without it workspace {@code a-b}'s member {@code c} and
     * workspace {@code a}'s member {@code b-c} would share one namespace (and one agent's access to it). Dots of a
     * member name become dashes, since a namespace name holds none.
     */
    public static String executionNamespace(String memberNamespace, String memberName) {
        String head = ("arca-es-" + memberNamespace + "-" + memberName).toLowerCase(Locale.ROOT).replace('.', '-');
        head = head.substring(0, Math.min(head.length(), LABEL_MAX - 11)).replaceAll("-+$", "");
        return head + "-" + hash(memberNamespace + "/" + memberName, 10);
    }

    /** The member's value of {@link FleetResources#MEMBER_LABEL}: {@code workspace.member}. */
    public static String memberLabel(String memberNamespace, String memberName) {
        return shortened(memberNamespace + "." + memberName, LABEL_MAX);
    }

    /** A binding's name: {@code <kind>-<name>}, with a hash of group, kind and name so that kinds of two groups differ. */
    public static String binding(String apiVersion, String kind, String name) {
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        return shortened(kind.toLowerCase(Locale.ROOT) + "-" + name, NAME_MAX - 9) + "-" + hash(group + "/" + kind + "/" + name, 8);
    }

    /** A Work's name in the execution namespace: the binding's namespace and name, and the cell when placed by cell. */
    public static String work(String bindingNamespace, String bindingName, String cell) {
        return shortened(bindingNamespace + "." + bindingName + (cell == null ? "" : "." + cell), NAME_MAX);
    }

    /** The text unchanged when it fits, else its head and a hash of the whole (still unique, still valid). */
    static String shortened(String text, int max) {
        String t = text.toLowerCase(Locale.ROOT);
        if (t.length() <= max) {
            return t;
        }
        String head = t.substring(0, max - 11).replaceAll("[.-]+$", "");
        return head + "-" + hash(t, 10);
    }

    static String hash(String text, int hexChars) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, hexChars);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
