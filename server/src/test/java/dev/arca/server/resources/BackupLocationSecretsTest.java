package dev.arca.server.resources;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A BackupLocation can name where a secret is, never carry one: no field of its spec (at any depth)
 * that sounds like a secret holds anything but a {@link SecretKeyRef}, no free-form map could
 * smuggle one in, and a SecretKeyRef holds only a Secret's name and key.
 */
class BackupLocationSecretsTest {

    private static final Pattern SECRET_LIKE = Pattern.compile(
            "(?i).*(secret|password|passphrase|token|credential|accesskey|connectionstring|sas|privatekey|apikey).*");

    @Test
    void everySecretLikeFieldOfTheSpecIsASecretReference() {
        List<String> offending = new ArrayList<>();
        walk(BackupLocationResourceSpec.class, "spec", new HashSet<>(), offending);
        assertThat(offending).as("fields that could hold a secret value; refer to a Secret with SecretKeyRef instead")
                .isEmpty();
    }

    @Test
    void theSpecHasSecretReferencesForTheCredentialAndThePassphrase() throws Exception {
        assertThat(BackupLocationResourceSpec.class.getDeclaredField("credential").getType()).isEqualTo(SecretKeyRef.class);
        assertThat(BackupLocationResourceSpec.class.getDeclaredField("encryptionPassphrase").getType())
                .isEqualTo(SecretKeyRef.class);
    }

    @Test
    void aSecretReferenceHoldsOnlyTheSecretsNameAndKey() {
        assertThat(instanceFields(SecretKeyRef.class)).extracting(Field::getName).containsExactlyInAnyOrder("name", "key");
    }

    @Test
    void theCheckFlagsAnInlineSecretAndAFreeFormMap() {
        List<String> offending = new ArrayList<>();
        walk(LeakySpec.class, "spec", new HashSet<>(), offending);
        assertThat(offending).containsExactlyInAnyOrder("spec.secretAccessKey (String)", "spec.config (a free-form map)");
    }

    /** What the spec must not look like. */
    static final class LeakySpec {
        String bucket;
        String secretAccessKey;
        Map<String, String> config;
        SecretKeyRef credential;
    }

    private static void walk(Class<?> type, String path, Set<Class<?>> seen, List<String> offending) {
        if (!seen.add(type)) {
            return;
        }
        for (Field field : instanceFields(type)) {
            String where = path + "." + field.getName();
            Class<?> fieldType = field.getType();
            if (Map.class.isAssignableFrom(fieldType)) {
                offending.add(where + " (a free-form map)");
            } else if (fieldType == SecretKeyRef.class) {
                continue;
            } else if (SECRET_LIKE.matcher(field.getName()).matches()) {
                offending.add(where + " (" + fieldType.getSimpleName() + ")");
            } else if (fieldType.getPackageName().equals(SecretKeyRef.class.getPackageName()) && !fieldType.isEnum()) {
                walk(fieldType, where, seen, offending);
            }
        }
    }

    private static List<Field> instanceFields(Class<?> type) {
        return java.util.Arrays.stream(type.getDeclaredFields()).filter(f -> !Modifier.isStatic(f.getModifiers())).toList();
    }
}
