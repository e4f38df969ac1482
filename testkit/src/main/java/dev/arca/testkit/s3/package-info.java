/**
 * A real S3 server (s3proxy on loopback) for integration tests of the S3 object store, the
 * bottom of both the backup and the restore flow.
 */
package dev.arca.testkit.s3;
