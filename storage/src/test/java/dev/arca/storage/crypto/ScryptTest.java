package dev.arca.storage.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.crypto.generators.SCrypt;
import org.junit.jupiter.api.Test;

/** scrypt as RFC 7914 gives it, and as BouncyCastle (what key files were derived with before) computes it. */
class ScryptTest {
    @Test
    void derivesTheVectorsOfRfc7914() {
        assertThat(hex(Scrypt.derive(bytes(""), bytes(""), 16, 1, 1, 64))).isEqualTo(
                "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
                + "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906");
        assertThat(hex(Scrypt.derive(bytes("password"), bytes("NaCl"), 1024, 8, 16, 64))).isEqualTo(
                "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
                + "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640");
    }

    @Test
    void derivesWhatBouncyCastleDerivesForRandomInputsAndCosts() {
        Random random = new Random(7914);
        int[][] costs = {{2, 1, 1}, {4, 2, 1}, {256, 8, 1}, {1024, 8, 2}, {64, 3, 4}, {2048, 1, 3}};
        for (int[] cost : costs) {
            byte[] passphrase = new byte[random.nextInt(100)];
            byte[] salt = new byte[random.nextInt(40)];
            random.nextBytes(passphrase);
            random.nextBytes(salt);
            int length = 1 + random.nextInt(80);
            assertThat(Scrypt.derive(passphrase, salt, cost[0], cost[1], cost[2], length))
                    .as("N=%d r=%d p=%d, %d bytes", cost[0], cost[1], cost[2], length)
                    .isEqualTo(SCrypt.generate(passphrase, salt, cost[0], cost[1], cost[2], length));
        }
    }

    @Test
    void aPassphraseLongerThanTheHashBlockIsHashedFirstAsHmacSays() {
        byte[] passphrase = bytes("a passphrase well over sixty-four bytes long, as some password managers make them");
        assertThat(Scrypt.derive(passphrase, bytes("salt"), 16, 2, 1, 32))
                .isEqualTo(SCrypt.generate(passphrase, bytes("salt"), 16, 2, 1, 32));
    }

    @Test
    void refusesCostsThatAreNotScrypts() {
        for (int[] bad : new int[][] {{0, 1, 1}, {1, 1, 1}, {3, 1, 1}, {1000, 8, 1}, {16, 0, 1}, {16, 1, 0}}) {
            assertThatThrownBy(() -> Scrypt.derive(bytes("p"), bytes("s"), bad[0], bad[1], bad[2], 32))
                    .as("N=%d r=%d p=%d", bad[0], bad[1], bad[2]).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("N=" + bad[0]);
        }
        assertThatThrownBy(() -> Scrypt.derive(bytes("p"), bytes("s"), 1 << 16, 1, 1, 32)).as("N must stay below 2^(16r)")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("below 2^(16r)");
        for (int n : new int[] {1 << 23, 1 << 30}) { // 8 GiB of table and more: refused before anything is allocated
            assertThatThrownBy(() -> Scrypt.derive(bytes("p"), bytes("s"), n, 8, 1, 32))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more memory than one array holds");
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
