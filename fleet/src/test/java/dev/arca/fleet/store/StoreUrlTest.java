package dev.arca.fleet.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreUrlTest {

    @Test
    void takesUserAndPasswordOutOfTheUrlAndKeepsOtherParameters() {
        StoreUrl url = StoreUrl.parse("jdbc:postgresql://db:5432/fleet?user=hub&password=s%3Dcret&sslmode=require",
                Map.of("PGUSER", "other", "PGPASSWORD", "other-secret"));

        assertThat(url.url()).isEqualTo("jdbc:postgresql://db:5432/fleet?sslmode=require");
        assertThat(url.user()).isEqualTo("hub");
        assertThat(url.password()).isEqualTo("s=cret");
        assertThat(url.connectionProperties()).containsEntry("user", "hub").containsEntry("password", "s=cret");
    }

    @Test
    void takesCredentialsFromPgUserAndPgPasswordWhenTheUrlHasNone() {
        StoreUrl url = StoreUrl.parse("jdbc:postgresql://db/fleet", Map.of("PGUSER", "hub", "PGPASSWORD", "topsecret"));

        assertThat(url.url()).isEqualTo("jdbc:postgresql://db/fleet");
        assertThat(url.user()).isEqualTo("hub");
        assertThat(url.password()).isEqualTo("topsecret");
    }

    @Test
    void neverShowsThePasswordInItsTextNorInTheHistorysText() {
        StoreUrl url = StoreUrl.parse("jdbc:postgresql://db/fleet?password=topsecret&user=hub", Map.of());

        assertThat(url.toString()).doesNotContain("topsecret")
                .isEqualTo("jdbc:postgresql://db/fleet as user hub (password hidden)");
        assertThat(url.connectionProperties().toString()).contains("password");
    }

    @Test
    void refusesAnotherSchemeNamingItButNotTheRestOfTheUrl() {
        assertThatThrownBy(() -> FleetHistory.open("jdbc:mysql://db/fleet?password=topsecret", Map.of()))
                .isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("\"jdbc:mysql\" is not supported")
                .hasMessageContaining("jdbc:postgresql://HOST:PORT/DATABASE")
                .hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> FleetHistory.open("sqlite:/var/fleet.db", Map.of()))
                .isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("\"sqlite\" is not supported");
    }

    @Test
    void refusesAnEmptyUrlAndCredentialsBeforeTheHostWithoutEchoingThem() {
        assertThatThrownBy(() -> StoreUrl.parse(" ", Map.of()))
                .isInstanceOf(ArcaException.InvalidInput.class).hasMessageContaining("is empty");
        assertThatThrownBy(() -> StoreUrl.parse("jdbc:postgresql://hub:topsecret@db/fleet", Map.of()))
                .isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("PGPASSWORD")
                .hasMessageNotContaining("topsecret");
    }
}
