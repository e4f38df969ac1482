package dev.arca.server.velero;

/** Realistic Velero objects, written for these tests in the shape {@code velero create} and its docs use. */
final class VeleroYaml {

    static final String NIGHTLY = """
            apiVersion: velero.io/v1
            kind: Schedule
            metadata:
              name: nightly
              namespace: velero
              labels:
                team: shop
              annotations:
                kubectl.kubernetes.io/last-applied-configuration: "{}"
            spec:
              schedule: CRON_TZ=Europe/Paris 0 2 * * *
              paused: true
              skipImmediately: true
              useOwnerReferencesInBackup: false
              template:
                includedNamespaces: [shop, "web-*"]
                excludedNamespaces: [kube-system]
                includedResources: [deployments.apps, configmaps]
                excludedResources: [events]
                includeClusterResources: false
                labelSelector:
                  matchLabels:
                    app: shop
                  matchExpressions:
                    - {key: tier, operator: In, values: [web, db]}
                    - {key: legacy, operator: DoesNotExist}
                storageLocation: primary
                ttl: 720h0m0s
                snapshotVolumes: false
                defaultVolumesToFsBackup: true
                hooks: {}
            status:
              phase: Enabled
              lastBackup: "2026-12-04T01:00:00Z"
            """;

    static final String HOURLY = """
            apiVersion: velero.io/v1
            kind: Schedule
            metadata:
              name: hourly
            spec:
              schedule: "@every 1h"
              template:
                orLabelSelectors:
                  - matchLabels: {app: a}
                  - matchExpressions: [{key: env, operator: NotIn, values: [dev]}]
                defaultVolumesToRestic: true
                ttl: 1.5h
            """;

    static final String MINIO = """
            apiVersion: velero.io/v1
            kind: BackupStorageLocation
            metadata:
              name: minio
              namespace: velero
            spec:
              provider: velero.io/aws
              objectStorage:
                bucket: velero
                prefix: cluster-a
                caCert: LS0tLS1CRUdJTg==
              config:
                region: minio
                s3Url: http://minio.velero.svc:9000
                s3ForcePathStyle: "true"
                kmsKeyId: alias/backups
              credential:
                name: minio-credentials
                key: cloud
              accessMode: ReadOnly
              default: true
              validationFrequency: 2m0s
              backupSyncPeriod: 1m0s
            """;

    static final String AWS_NO_CREDENTIAL = """
            apiVersion: velero.io/v1
            kind: BackupStorageLocation
            metadata:
              name: default
            spec:
              provider: aws
              objectStorage:
                bucket: acme-backups
              config:
                region: eu-west-3
            """;

    static final String AZURE = """
            apiVersion: velero.io/v1
            kind: BackupStorageLocation
            metadata:
              name: azure
            spec:
              provider: azure
              objectStorage:
                bucket: velero-container
              config:
                resourceGroup: rg-backups
                storageAccount: acmebackups
                subscriptionId: 00000000-0000-0000-0000-000000000000
              credential:
                name: azure-credentials
                key: cloud
            """;

    static final String GCP = """
            apiVersion: velero.io/v1
            kind: BackupStorageLocation
            metadata:
              name: gcp
            spec:
              provider: gcp
              objectStorage:
                bucket: acme-velero
                prefix: prod
              config:
                serviceAccount: velero@acme.iam.gserviceaccount.com
              credential:
                name: gcp-credentials
                key: service-account.json
              validationFrequency: "0"
            """;

    private VeleroYaml() {
    }
}
