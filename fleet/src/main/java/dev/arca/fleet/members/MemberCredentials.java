package dev.arca.fleet.members;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.subtle.Hkdf;
import dev.arca.api.ArcaException;
import dev.arca.storage.crypto.LocationKeys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Seals a member's kubeconfig into the {@code data} of a hub Secret, and opens it. A fresh Tink AEAD
 * keyset (AES-256-GCM) encrypts the kubeconfig; the keyset is stored wrapped by a key derived from
 * the {@link FleetKey} (scrypt N=2^17, r=8, p=1 from a passphrase, as locations wrap theirs through
 * {@link LocationKeys#kek}; HKDF-SHA256 from a key file), with a fresh salt. Both encryptions bind
 * the associated data {@code fleet.arca.dev/<namespace>/<member>}, so a sealed Secret copied to
 * another member, or another workspace, does not open. The scrypt parameters are fixed by the format
 * version, so an altered Secret cannot make the hub allocate more memory than Arca ever asks for.
 * No message ever holds the kubeconfig or any part of it.
 */
public final class MemberCredentials {
    /** The Secret data key holding the encrypted kubeconfig (MemberClusterSpec.credentials.key's default). */
    public static final String KUBECONFIG = "kubeconfig";
    static final String FORMAT = "format";
    static final String KDF = "kdf";
    static final String SALT = "salt";
    static final String KEYSET = "keyset";
    static final String FORMAT_V1 = "arca-fleet-credentials-v1";
    static final String SCRYPT = "scrypt";
    static final String HKDF = "hkdf-sha256";
    private static final byte[] HKDF_INFO = "arca fleet credentials wrapping key v1".getBytes(StandardCharsets.UTF_8);
    private static final SecureRandom RANDOM = new SecureRandom();

    static {
        try {
            AeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private MemberCredentials() {
    }

    /** The Secret {@code data} (base64 values) holding {@code kubeconfig} sealed for member {@code ns/name}. */
    public static Map<String, String> seal(byte[] kubeconfig, String memberNamespace, String memberName, FleetKey key) {
        byte[] ad = associatedData(memberNamespace, memberName);
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        try {
            KeysetHandle keyset = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
            String wrapped = TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(keyset, kek(key, salt), ad);
            byte[] sealed = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class).encrypt(kubeconfig, ad);
            Map<String, String> data = new LinkedHashMap<>();
            data.put(FORMAT, b64(FORMAT_V1.getBytes(StandardCharsets.UTF_8)));
            data.put(KDF, b64((key.isPassphrase() ? SCRYPT : HKDF).getBytes(StandardCharsets.UTF_8)));
            data.put(SALT, b64(salt));
            data.put(KEYSET, b64(wrapped.getBytes(StandardCharsets.UTF_8)));
            data.put(KUBECONFIG, b64(sealed));
            return data;
        } catch (GeneralSecurityException e) {
            throw new ArcaException("cannot seal the credentials of member cluster " + memberNamespace + "/" + memberName
                    + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /**
     * The kubeconfig sealed in {@code data} for member {@code ns/name} (Secret {@code <name>-credentials}).
     *
     * @throws ArcaException.InvalidInput on a wrong key, an altered Secret, or one sealed for another member
     */
    public static byte[] open(Map<String, String> data, String ns, String name, FleetKey key) {
        return open(data, ns, name, key, name + "-credentials", KUBECONFIG);
    }

    /** As {@link #open(Map, String, String, FleetKey)}, naming the Secret and the data key of the sealed kubeconfig. */
    public static byte[] open(Map<String, String> data, String ns, String name, FleetKey key, String secretName, String dataKey) {
        String where = "the credentials of member cluster " + ns + "/" + name + " (Secret " + ns + "/" + secretName + ")";
        String format = text(data, FORMAT, where);
        if (!FORMAT_V1.equals(format)) {
            throw new ArcaException.InvalidInput(where + " are in an unknown format; re-join the member with 'arca fleet join "
                    + name + " -n " + ns + "'");
        }
        String kdf = text(data, KDF, where);
        if (!kdf.equals(key.isPassphrase() ? SCRYPT : HKDF)) {
            throw new ArcaException.InvalidInput(where + " were sealed with a " + (SCRYPT.equals(kdf) ? "passphrase" : "key file")
                    + " but a " + (key.isPassphrase() ? "passphrase" : "key file") + " was given; give the fleet key they were sealed with");
        }
        byte[] ad = associatedData(ns, name);
        KeysetHandle keyset;
        try {
            keyset = TinkJsonProtoKeysetFormat.parseEncryptedKeyset(new String(bytes(data, KEYSET, where), StandardCharsets.UTF_8),
                    kek(key, bytes(data, SALT, where)), ad);
        } catch (GeneralSecurityException e) {
            throw new ArcaException.InvalidInput(where + " cannot be opened: the fleet key is wrong, or the Secret was altered "
                    + "or copied from another member; check " + FleetKey.PASSPHRASE_ENV + " / --fleet-key-file, or re-join the member");
        }
        try {
            return keyset.getPrimitive(RegistryConfiguration.get(), Aead.class).decrypt(bytes(data, dataKey, where), ad);
        } catch (GeneralSecurityException e) {
            throw new ArcaException.InvalidInput(where + " cannot be opened: the sealed kubeconfig was altered or copied from "
                    + "another member; re-join the member with 'arca fleet join " + name + " -n " + ns + "'");
        }
    }

    static byte[] associatedData(String ns, String name) {
        return ("fleet.arca.dev/" + ns + "/" + name).getBytes(StandardCharsets.UTF_8);
    }

    private static Aead kek(FleetKey key, byte[] salt) throws GeneralSecurityException {
        if (key.isPassphrase()) {
            return LocationKeys.kek(key.passphrase(), salt, LocationKeys.Kdf.DEFAULT);
        }
        byte[] ikm = key.keyFileBytes();
        byte[] derived = Hkdf.computeHkdf("HMACSHA256", ikm, salt, HKDF_INFO, 32);
        Arrays.fill(ikm, (byte) 0);
        try {
            return new AesGcmJce(derived);
        } finally {
            Arrays.fill(derived, (byte) 0);
        }
    }

    private static String text(Map<String, String> data, String entry, String where) {
        return new String(bytes(data, entry, where), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(Map<String, String> data, String entry, String where) {
        String value = data == null ? null : data.get(entry);
        if (value == null) {
            throw new ArcaException.InvalidInput(where + " lack the entry \"" + entry + "\"; re-join the member with 'arca fleet join'");
        }
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new ArcaException.InvalidInput(where + " have an entry \"" + entry + "\" that is not base64; the Secret was "
                    + "altered: re-join the member with 'arca fleet join'");
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
