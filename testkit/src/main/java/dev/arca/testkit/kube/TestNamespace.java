package dev.arca.testkit.kube;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * A namespace created for one test method by {@link ControlPlaneExtension}: it exists (with its
 * {@code default} ServiceAccount, so Pods can be created at once) before the test runs and is
 * deleted after it, best-effort and without waiting.
 *
 * @param name the namespace's name, a DNS-1123 label such as {@code t-k3x9q2ma}
 */
public record TestNamespace(String name) {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final int ID_LENGTH = 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    public TestNamespace {
        if (name == null || !DNS_LABEL.matcher(name).matches()) {
            throw new IllegalArgumentException("namespace name \"" + name
                    + "\" is not a DNS-1123 label (lower-case letters, digits and '-', at most 63)");
        }
    }

    /** A fresh name {@code t-<8 random lower-case letters and digits>}; not yet created. */
    static TestNamespace random() {
        StringBuilder name = new StringBuilder("t-");
        for (int i = 0; i < ID_LENGTH; i++) {
            name.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return new TestNamespace(name.toString());
    }

    @Override
    public String toString() {
        return name;
    }
}
