package dev.arca.fleet.members;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemberCredentialsTest {
    static final String TOKEN = "s3cr3t-member-token-0123456789";
    static final byte[] KUBECONFIG = ("apiVersion: v1\nkind: Config\nclusters:\n- name: m\n  cluster: {server: https://10.1.2.3:6443}\n"
            + "users:\n- name: u\n  user: {token: " + TOKEN + "}\n").getBytes(StandardCharsets.UTF_8);
    static final FleetKey PASSPHRASE = FleetKey.from(Map.of(FleetKey.PASSPHRASE_ENV, "correct horse battery"), null);

    @TempDir
    Path dir;

    @Test
    void opensWhatItSealedAndTheSealedDataHoldsNoneOfTheKubeconfig() {
        Map<String, String> data = MemberCredentials.seal(KUBECONFIG, "team-a", "east", PASSPHRASE);

        assertThat(MemberCredentials.open(data, "team-a", "east", PASSPHRASE)).isEqualTo(KUBECONFIG);
        String all = data.toString() + data.values().stream().map(v -> new String(Base64.getDecoder().decode(v),
                StandardCharsets.ISO_8859_1)).reduce("", String::concat);
        assertThat(all).doesNotContain(TOKEN).doesNotContain("10.1.2.3").doesNotContain("apiVersion");
    }

    @Test
    void aWrongPassphraseIsInvalidInputNamingTheMemberAndSecretButNotTheContents() {
        Map<String, String> data = MemberCredentials.seal(KUBECONFIG, "team-a", "east", PASSPHRASE);
        FleetKey wrong = FleetKey.from(Map.of(FleetKey.PASSPHRASE_ENV, "incorrect horse battery"), null);

        assertThatThrownBy(() -> MemberCredentials.open(data, "team-a", "east", wrong))
                .isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("team-a/east").hasMessageContaining("Secret team-a/east-credentials")
                .hasMessageNotContaining(TOKEN).hasMessageNotContaining("horse");
    }

    @Test
    void aTamperedByteOfTheSealedKubeconfigIsRefused() {
        Map<String, String> data = new HashMap<>(MemberCredentials.seal(KUBECONFIG, "team-a", "east", PASSPHRASE));
        byte[] sealed = Base64.getDecoder().decode(data.get(MemberCredentials.KUBECONFIG));
        sealed[sealed.length / 2] ^= 1;
        data.put(MemberCredentials.KUBECONFIG, Base64.getEncoder().encodeToString(sealed));

        assertThatThrownBy(() -> MemberCredentials.open(data, "team-a", "east", PASSPHRASE))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("altered")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void aSecretMovedToAnotherMemberOrWorkspaceDoesNotOpen() {
        Map<String, String> data = MemberCredentials.seal(KUBECONFIG, "team-a", "east", PASSPHRASE);

        assertThatThrownBy(() -> MemberCredentials.open(data, "team-a", "west", PASSPHRASE))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("team-a/west");
        assertThatThrownBy(() -> MemberCredentials.open(data, "team-b", "east", PASSPHRASE))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("team-b/east");
    }

    @Test
    void aKeyFileSealsAndOpensAndAnotherKeyFileDoesNot() throws Exception {
        FleetKey key = FleetKey.from(Map.of(), keyFile("k1", 32, "rw-------"));
        FleetKey other = FleetKey.from(Map.of(), keyFile("k2", 48, "r--------"));
        Map<String, String> data = MemberCredentials.seal(KUBECONFIG, "ws", "m1", key);

        assertThat(MemberCredentials.open(data, "ws", "m1", key)).isEqualTo(KUBECONFIG);
        assertThatThrownBy(() -> MemberCredentials.open(data, "ws", "m1", other)).isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("fleet key is wrong");
        assertThatThrownBy(() -> MemberCredentials.open(data, "ws", "m1", PASSPHRASE)).isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("sealed with a key file but a passphrase was given");
    }

    @Test
    void aKeyFileReadableByGroupOrOthersOrTooShortIsRefused() throws Exception {
        Path groupReadable = keyFile("g", 32, "rw-r-----");
        Path worldReadable = keyFile("w", 32, "rw----r--");
        Path shortFile = keyFile("s", 31, "rw-------");

        assertThatThrownBy(() -> FleetKey.from(Map.of(), groupReadable)).isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("readable by group or others").hasMessageContaining("chmod 600 " + groupReadable);
        assertThatThrownBy(() -> FleetKey.from(Map.of(), worldReadable)).isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("readable by group or others");
        assertThatThrownBy(() -> FleetKey.from(Map.of(), shortFile)).isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("31 bytes, fewer than 32");
    }

    @Test
    void noKeyAtAllOrAShortPassphraseSaysHowToGiveOne() {
        assertThatThrownBy(() -> FleetKey.from(Map.of(), null)).isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining(FleetKey.PASSPHRASE_ENV).hasMessageContaining("--fleet-key-file");
        assertThatThrownBy(() -> FleetKey.from(Map.of(FleetKey.PASSPHRASE_ENV, "short"), null))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("shorter than 12").hasMessageNotContaining("short\"");
        assertThat(PASSPHRASE.toString()).doesNotContain("horse");
    }

    @Test
    void aMissingEntryIsInvalidInputNamingIt() {
        Map<String, String> data = new HashMap<>(MemberCredentials.seal(KUBECONFIG, "ws", "m1", PASSPHRASE));
        data.remove(MemberCredentials.SALT);

        assertThatThrownBy(() -> MemberCredentials.open(data, "ws", "m1", PASSPHRASE)).isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("lack the entry \"salt\"");
    }

    private Path keyFile(String name, int size, String perms) throws Exception {
        Path file = dir.resolve(name);
        byte[] bytes = new byte[size];
        new java.security.SecureRandom().nextBytes(bytes);
        Files.write(file, bytes);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(perms));
        return file;
    }
}
