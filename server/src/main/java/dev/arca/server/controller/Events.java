package dev.arca.server.controller;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events about Arca's resources, as {@code kubectl describe} shows them. Emitting one
 * never fails the caller: an Event that cannot be written is logged. Messages are the server's own
 * sentences, which never hold a secret.
 */
public final class Events {
    public static final String NORMAL = "Normal";
    public static final String WARNING = "Warning";
    private static final Logger LOG = LoggerFactory.getLogger(Events.class);
    private static final int MAX_MESSAGE = 1024;
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private final KubernetesClient client;
    private final Clock clock;
    private final String component;

    public Events(KubernetesClient client, Clock clock, String component) {
        this.client = client;
        this.clock = clock;
        this.component = component;
    }

    public void normal(HasMetadata about, String reason, String message) {
        emit(about, NORMAL, reason, message);
    }

    public void warning(HasMetadata about, String reason, String message) {
        emit(about, WARNING, reason, message);
    }

    private void emit(HasMetadata about, String type, String reason, String message) {
        String now = DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        String text = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE - 3) + "..." : message;
        Event event = new EventBuilder()
                .withNewMetadata()
                .withName(about.getMetadata().getName() + "." + Long.toHexString(System.nanoTime()) + SEQUENCE.incrementAndGet())
                .withNamespace(about.getMetadata().getNamespace())
                .endMetadata()
                .withNewInvolvedObject()
                .withApiVersion(about.getApiVersion()).withKind(about.getKind())
                .withName(about.getMetadata().getName()).withNamespace(about.getMetadata().getNamespace())
                .withUid(about.getMetadata().getUid())
                .endInvolvedObject()
                .withType(type).withReason(reason).withMessage(text)
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .withNewSource().withComponent(component).endSource()
                .build();
        try {
            client.v1().events().inNamespace(about.getMetadata().getNamespace()).resource(event).create();
        } catch (RuntimeException e) {
            LOG.warn("could not record Event {} on {} {}/{}: {}", reason, about.getKind(), about.getMetadata().getNamespace(),
                    about.getMetadata().getName(), e.getClass().getSimpleName());
        }
    }
}
