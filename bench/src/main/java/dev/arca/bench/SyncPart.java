package dev.arca.bench;

import dev.arca.server.metrics.MetricNames;
import dev.arca.testkit.s3.S3Server;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;

/**
 * Part 2 of {@code bench/server}: a server starting against an s3proxy location that holds K
 * backups. The first sync is timed from the process's start to the sync metric counting K added
 * backups (and by the server's own {@code arca_backup_sync_duration_seconds}); the syncs with
 * nothing changed after it twice: by that metric, which times the comparison with the Backup
 * resources but not the location's listing before it (BackupLocationReconciler lists, then calls
 * BackupSync), and by the time between two syncs' ends less the location's 10 s period, which
 * includes the listing (observed by polling the metric every 2 s). The floor is one LIST of the bucket's
 * {@code backups/} keys with the S3 SDK, in this JVM, in the same run.
 */
final class SyncPart {
    private static final String SUM = MetricNames.SYNC_DURATION + "_sum";
    private static final String COUNT = MetricNames.SYNC_DURATION + "_count";
    private static final String LABEL = "backup_location_name";
    private static final int UNCHANGED_SYNCS = 3;
    private static final Duration PERIOD = Duration.ofSeconds(10);
    /** Every scrape of /metrics makes the server list every Backup resource: polling every 250 ms loaded the API server. */
    private static final Duration POLL = Duration.ofSeconds(2);
    private final ServerBench.Run run;
    private final PrintStream err;

    /**
     * @param first     process start to K Backup resources
     * @param firstSync the first sync as the server measured it
     * @param unchanged the syncs after it, nothing changed, as the server's metric measured them (the location's listing included)
     * @param cycles    the same syncs from one sync's end to the next's, less the period (listing included)
     * @param listFloor one LIST of the bucket's keys
     */
    record Result(Duration first, double firstSync, List<Double> unchanged, List<Double> cycles, Duration listFloor) {
        double unchangedMedian() {
            return median(unchanged);
        }

        double cycleMedian() {
            return median(cycles);
        }

        private static double median(List<Double> values) {
            List<Double> s = values.stream().sorted().toList();
            return s.get(s.size() / 2);
        }
    }

    SyncPart(ServerBench.Run run, PrintStream err) {
        this.run = run;
        this.err = err;
    }

    Result measure(int backups) {
        try (S3Server s3 = S3Server.start()) {
            String bucket = s3.createUniqueBucket("sync");
            long began = System.nanoTime();
            BackupCopies.fill(s3.basedir().resolve(bucket), run.work(), "sync", backups);
            err.printf("bench: sync: wrote %d backups into s3proxy's bucket %s (its filesystem backend) in %.1f s%n",
                    backups, bucket, (System.nanoTime() - began) / 1e9);
            Duration floor = listFloor(s3, bucket);
            ServerResources resources = new ServerResources(run.client(), "sync");
            resources.s3Location(s3, bucket, PERIOD.toSeconds() + "s");
            try (ServerProcess server = ServerProcess.start(run, resources.namespace(), "sync-server")) {
                server.await(backups + " Backup resources made by the first sync", Duration.ofMinutes(40),
                        POLL, () -> metric(server, MetricNames.SYNC_ADDED) >= backups);
                Duration first = server.age();
                double firstSync = metric(server, SUM);
                double count = metric(server, COUNT);
                err.printf("bench: sync: first sync done %.2f s after the server's start (the server measured %.2f s;"
                        + " %.0f syncs so far)%n", first.toNanos() / 1e9, firstSync, count);
                List<Double> cycles = new ArrayList<>();
                List<Double> unchanged = unchanged(server, firstSync, count, cycles);
                double added = metric(server, MetricNames.SYNC_ADDED);
                if (added != backups || resources.backups().size() != backups) {
                    throw new Checks.Broken("sync made " + added + " Backup resources (expected " + backups + ")");
                }
                err.printf("bench: sync: syncs with nothing changed took %s s by the server's metric (listing included),"
                        + " %s s from one sync's end to the next less the %d s period (listing included)%n", unchanged, cycles,
                        PERIOD.toSeconds());
                return new Result(first, firstSync, unchanged, cycles, floor);
            }
        }
    }

    private List<Double> unchanged(ServerProcess server, double sum, double count, List<Double> cycles) {
        List<Double> took = new ArrayList<>();
        long lastEnd = System.nanoTime();
        double lastSum = sum;
        double lastCount = count;
        for (int i = 0; i < UNCHANGED_SYNCS; i++) {
            double seen = lastCount;
            server.await("a sync with nothing changed", Duration.ofMinutes(5), POLL,
                    () -> metric(server, COUNT) > seen);
            long end = System.nanoTime();
            cycles.add((end - lastEnd) / 1e9 - PERIOD.toSeconds());
            lastEnd = end;
            String text = server.metrics();
            double nowSum = PromText.value(text, SUM, LABEL, ServerResources.LOCATION);
            double nowCount = PromText.value(text, COUNT, LABEL, ServerResources.LOCATION);
            took.add((nowSum - lastSum) / (nowCount - lastCount));
            lastSum = nowSum;
            lastCount = nowCount;
        }
        return took;
    }

    private static double metric(ServerProcess server, String name) {
        double v = PromText.value(server.metrics(), name, LABEL, ServerResources.LOCATION);
        return Double.isNaN(v) ? 0 : v;
    }

    /** Lists the bucket's {@code backups/} keys twice with the SDK (the first warms the client); returns the second. */
    private Duration listFloor(S3Server s3, String bucket) {
        try (S3Client client = S3Client.builder().endpointOverride(URI.create(s3.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())))
                .forcePathStyle(true).httpClientBuilder(ApacheHttpClient.builder()).build()) {
            Duration last = null;
            for (int round = 1; round <= 2; round++) {
                long began = System.nanoTime();
                long keys = client.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).prefix("backups/")
                        .build()).contents().stream().count();
                last = Duration.ofNanos(System.nanoTime() - began);
                err.printf("bench: sync: LIST floor, round %d: %d keys in %.2f s%n", round, keys, last.toNanos() / 1e9);
            }
            return last;
        }
    }
}
