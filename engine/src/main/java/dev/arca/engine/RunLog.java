package dev.arca.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * The log of one backup or restore: JSON lines stored beside it (what {@code arca backup logs}
 * shows), mirrored to SLF4J (milestones at INFO, per-item lines at DEBUG). Never given secrets:
 * item bodies are not logged, only their kind, namespace and name.
 */
public final class RunLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Consumer<String> sink;
    private final Logger logger;
    private final Clock clock;

    public RunLog(Consumer<String> sink, Logger logger, Clock clock) {
        this.sink = sink;
        this.logger = logger;
        this.clock = clock;
    }

    public void info(String message) {
        write("info", message, null, null, null);
        logger.info(message);
    }

    public void warn(String message) {
        write("warning", message, null, null, null);
        logger.warn(message);
    }

    /** A per-item line. */
    public void item(String level, String message, String resource, String namespace, String name) {
        write(level, message, resource, namespace, name);
        if (logger.isDebugEnabled()) {
            logger.debug("{} {} {}: {}", resource, namespace == null ? "" : namespace + "/", name, message);
        }
    }

    private void write(String level, String message, String resource, String namespace, String name) {
        ObjectNode line = JSON.createObjectNode();
        line.put("time", clock.instant().toString());
        line.put("level", level);
        line.put("msg", message);
        if (resource != null) {
            line.put("resource", resource);
        }
        if (namespace != null) {
            line.put("namespace", namespace);
        }
        if (name != null) {
            line.put("name", name);
        }
        sink.accept(line.toString());
    }
}
