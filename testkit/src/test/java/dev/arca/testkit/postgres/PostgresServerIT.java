package dev.arca.testkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class PostgresServerIT {

    @Test
    void startsWithAPasswordStopsResumesOnTheSamePortAndRemovesItsDirectoryOnClose() throws IOException {
        PostgresServer server = PostgresServer.start();
        try {
            assertThat(server.createUniqueDatabase("first")).startsWith("first_");
            assertThat(server.jdbcUrl("x")).isEqualTo("jdbc:postgresql://127.0.0.1:" + server.port() + "/x");

            server.stop();
            assertThatThrownBy(() -> connect(server.port())).isInstanceOf(IOException.class);

            server.resume();
            assertThat(server.createUniqueDatabase("second")).startsWith("second_");
        } finally {
            server.close();
        }
        assertThat(Files.exists(server.dir())).isFalse();
        assertThatThrownBy(() -> connect(server.port())).isInstanceOf(IOException.class);
    }

    @Test
    void rejectsADatabasePrefixThatMakesNoValidName() {
        PostgresServer server = PostgresServer.start();
        try {
            assertThatThrownBy(() -> server.createUniqueDatabase("Bad-Name"))
                    .hasMessageContaining("\"Bad-Name\" makes no valid database name");
        } finally {
            server.close();
        }
    }

    private static void connect(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        }
    }
}
