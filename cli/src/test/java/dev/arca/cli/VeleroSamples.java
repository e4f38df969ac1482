package dev.arca.cli;

/** Velero YAML the import tests convert: a Schedule, a BackupStorageLocation, and a document that is not Velero's. */
final class VeleroSamples {
    static final String SCHEDULE = """
            apiVersion: velero.io/v1
            kind: Schedule
            metadata:
              name: nightly
              namespace: velero
            spec:
              schedule: CRON_TZ=Europe/Paris 0 2 * * *
              paused: true
              template:
                includedNamespaces: [shop]
                ttl: 720h0m0s
                snapshotVolumes: false
            """;
    static final String LOCATION = """
            apiVersion: velero.io/v1
            kind: BackupStorageLocation
            metadata:
              name: primary
              namespace: velero
            spec:
              provider: aws
              objectStorage:
                bucket: acme-backups
              config:
                region: eu-west-3
              credential:
                name: cloud-credentials
                key: cloud
            """;
    static final String NOT_VELERO = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
            """;

    private VeleroSamples() {
    }
}
