package dev.arca.engine.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.engine.KubeRetry;
import dev.arca.engine.backup.FakeListServer.Fault;
import dev.arca.engine.discovery.ResourceType;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RawList#all} against a loopback server that pages like the API server and fails on
 * chosen requests: every item is handed on exactly once, whatever page failed and how.
 */
class RawListRetryTest {
    private static final ResourceType CONFIG_MAPS = new ResourceType("", "v1", "ConfigMap", "configmaps", true, List.of("list"));
    private static final List<String> NAMES = IntStream.range(0, 40).mapToObj(i -> String.format("c-%03d", i)).toList();
    private final List<Duration> waits = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private FakeListServer server;
    private KubernetesClient client;

    private List<String> listAll(FakeListServer fake) throws IOException {
        server = fake;
        client = fake.client();
        KubeRetry retry = new KubeRetry(KubeRetry.MAX_ATTEMPTS, KubeRetry.BUDGET, waits::add, Clock.systemUTC(), warnings::add);
        RawList lister = new RawList(client, new ObjectMapper(), retry, warnings::add);
        List<String> seen = new ArrayList<>();
        lister.all(CONFIG_MAPS, "shop", new PageSizer(5), null, item -> seen.add(item.name()));
        return seen;
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aPageCutHalfWayIsAskedForAgainAndItsFirstItemsAreNotHandedOnTwice() throws IOException {
        List<String> seen = listAll(new FakeListServer(NAMES).fault(2, Fault.CUT_HALF_WAY));

        assertThat(seen).containsExactlyElementsOf(NAMES);
        assertThat(server.tokens).startsWith("", "i:5", "i:5", "i:10").hasSize(9);
        assertThat(waits).containsExactly(Duration.ofMillis(500));
        assertThat(warnings).singleElement().asString().contains("list configmaps in namespace shop", "attempt 1 of 6");
    }

    @Test
    void anExpiredContinueTokenWithoutAReplacementRestartsTheListAndSkipsWhatWasWritten() throws IOException {
        List<String> seen = listAll(new FakeListServer(NAMES).fault(2, Fault.CUT_HALF_WAY).fault(3, Fault.THROTTLED)
                .fault(4, Fault.GONE));

        assertThat(seen).containsExactlyElementsOf(NAMES);
        assertThat(server.tokens).startsWith("", "i:5", "i:5", "i:5", "", "i:5", "i:10");
        assertThat(waits).as("the 429's Retry-After is honoured").containsExactly(Duration.ofMillis(500), Duration.ofSeconds(2));
        assertThat(warnings).last().asString().contains("HTTP 410", "listing again from the start");
    }

    @Test
    void anExpiredContinueTokenIsReplacedByTheServersInconsistentTokenWithAWarning() throws IOException {
        List<String> seen = listAll(new FakeListServer(NAMES).fault(2, Fault.GONE_WITH_TOKEN));

        assertThat(seen).containsExactlyElementsOf(NAMES);
        assertThat(server.tokens).startsWith("", "i:5", "x:5", "i:10");
        assertThat(waits).isEmpty();
        assertThat(warnings).singleElement().asString().contains("no longer one consistent snapshot");
    }

    @Test
    void aListThatKeepsExpiringGivesUpWithTheGoneAnswer() {
        FakeListServer fake = alwaysGoneAfterTheFirstPage();
        assertThatThrownBy(() -> listAll(fake)).isInstanceOfSatisfying(RawList.Failure.class, e -> assertThat(e.code).isEqualTo(410));
        assertThat(server.tokens).hasSize(2 + 2 * RawList.MAX_RESTARTS);
    }

    @Test
    void aForbiddenListIsNotAskedForAgain() {
        FakeListServer fake;
        try {
            fake = new FakeListServer(NAMES).fault(1, Fault.FORBIDDEN);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThatThrownBy(() -> listAll(fake)).isInstanceOfSatisfying(RawList.Failure.class, e -> assertThat(e.code).isEqualTo(403));
        assertThat(server.tokens).hasSize(1);
        assertThat(waits).isEmpty();
    }

    /** A server whose every continue token has expired: each restart gets one page, then 410 again. */
    private static FakeListServer alwaysGoneAfterTheFirstPage() {
        try {
            FakeListServer fake = new FakeListServer(NAMES);
            for (int request = 2; request <= 2 + 2 * RawList.MAX_RESTARTS; request += 2) {
                fake.fault(request, Fault.GONE);
            }
            return fake;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
