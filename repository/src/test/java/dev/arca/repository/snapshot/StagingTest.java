package dev.arca.repository.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagingTest {
    @TempDir
    Path tmp;

    @Test
    void isAPrivateSiblingOfTheTargetAndIsRemovedWhenClosed() throws IOException {
        Path target = Files.createDirectories(tmp.resolve("target"));
        try (SecureDirectoryStream<Path> top = SecureDirs.openTrusted(target)) {
            Staging staging = Staging.create(target, top);
            assertThat(staging.isPrivate()).isTrue();
            assertThat(staging.path().getParent()).isEqualTo(tmp);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(staging.path(), LinkOption.NOFOLLOW_LINKS)))
                    .isEqualTo("rwx------");
            Path made = staging.newName();
            Files.writeString(staging.pathOf(made), "content");
            staging.moveOut(made, top, Path.of("placed"));
            Files.writeString(staging.pathOf(staging.newName()), "a leftover");

            staging.close();

            assertThat(staging.path()).doesNotExist();
            assertThat(target.resolve("placed")).hasContent("content");
        }
    }

    @Test
    void isMadeInsideTheTargetWhenTheTargetIsAMountPoint() throws IOException {
        // /dev/shm is a tmpfs mounted on /dev: no sibling can be renamed from (and /dev takes no writes unless root)
        Path target = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(target) && !Files.getAttribute(target, "unix:dev").equals(
                Files.getAttribute(target.getParent(), "unix:dev")), "/dev/shm is no mount point here");
        try (SecureDirectoryStream<Path> top = SecureDirs.openTrusted(target)) {
            Staging staging = Staging.create(target, top);
            try {
                assertThat(staging.isPrivate()).isFalse();
                assertThat(staging.path().getParent()).isEqualTo(target);
            } finally {
                staging.close();
            }
            assertThat(staging.path()).doesNotExist();
        }
    }

    @Test
    void modeBitsBecomeTheMatchingPermissions() {
        assertThat(PosixFilePermissions.toString(EntryMetadata.permissions(0754))).isEqualTo("rwxr-xr--");
        assertThat(PosixFilePermissions.toString(EntryMetadata.permissions(02501))).isEqualTo("r-x-----x");
    }

    @Test
    void probesTheOwnerTheMaskedModeBitsAndTheTimeOfANewFileAndLeavesNoProbeBehind() throws IOException {
        Path target = Files.createDirectories(tmp.resolve("target"));
        Path beside = Files.createFile(tmp.resolve("made-the-same-way"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
        int umasked = 0777 & ~(Integer) Files.getAttribute(beside, "unix:mode");
        try (SecureDirectoryStream<Path> top = SecureDirs.openTrusted(target)) {
            Staging staging = Staging.create(target, top);
            try {
                Staging.NewEntries fresh = staging.newEntries();
                assertThat(fresh.uid()).isEqualTo(Files.getAttribute(beside, "unix:uid"));
                assertThat(fresh.gid()).isEqualTo(Files.getAttribute(beside, "unix:gid"));
                assertThat(fresh.masked()).isEqualTo(umasked);
                assertThat(fresh.madeAt().toInstant()).isBetween(java.time.Instant.now().minusSeconds(60), java.time.Instant.now());
                try (java.util.stream.Stream<Path> left = Files.list(staging.path())) {
                    assertThat(left).as("the probe file is gone").isEmpty();
                }
            } finally {
                staging.close();
            }
        }
    }
}
