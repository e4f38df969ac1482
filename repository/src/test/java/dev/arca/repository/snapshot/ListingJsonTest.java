package dev.arca.repository.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.ArcaException;
import dev.arca.repository.content.ChunkId;
import dev.arca.repository.object.ObjectRef;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ListingJsonTest {
    private final ObjectMapper mapper = Json.mapper();
    private final Random random = new Random(3);

    private ChunkId id() {
        return new ChunkId(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
    }

    private TreeEntry entry(String name, EntryType type) {
        long t = random.nextLong() & Long.MAX_VALUE;
        int mode = random.nextInt(010000);
        return switch (type) {
            case FILE -> {
                if (random.nextInt(4) == 0) {
                    yield new TreeEntry(name, type, mode, 1000, 1000, t, 5, 77, 2049, 2, null, null, "a/b/" + name, t + 1);
                }
                List<ChunkId> chunks = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    chunks.add(id());
                }
                long size = chunks.isEmpty() ? 0 : random.nextInt(1 << 30);
                yield new TreeEntry(name, type, mode, random.nextInt(), -1, t, size, random.nextLong(), random.nextLong(),
                        1, new ObjectRef(chunks, size), null, null, -t);
            }
            case DIR -> new TreeEntry(name, type, mode, 0, 0, t, 4096, 5, 6, 3, new ObjectRef(List.of(id()), 300), null,
                    null, t);
            case SYMLINK -> new TreeEntry(name, type, 0777, 0, 0, t, 9, 5, 6, 1, null, "../tárget \"x\"", null, t);
            default -> new TreeEntry(name, type, mode, 0, 0, t, 0, 5, 6, 1, null, null, null, t);
        };
    }

    private DirectoryListing listing() {
        List<TreeEntry> entries = new ArrayList<>();
        String[] names = {"\u0001ctl", " space", "\"quoted\"", "a", "back\\slash", "z", "ä-umlaut", "日本", "😀"};
        List<String> sorted = new ArrayList<>(List.of(names));
        sorted.sort(null);
        EntryType[] types = EntryType.values();
        for (int i = 0; i < sorted.size() * 3; i++) {
            String name = sorted.get(i / 3) + i;
            entries.add(entry(name, types[i % types.length]));
        }
        entries.sort((x, y) -> x.name().compareTo(y.name()));
        return DirectoryListing.of(entries);
    }

    @Test
    void writesTheBytesTheDataBindingWroteAndReadsThemBack() throws Exception {
        for (int round = 0; round < 20; round++) {
            DirectoryListing listing = listing();
            byte[] bound = mapper.writeValueAsBytes(listing);
            byte[] written = listing.toJson(mapper);
            assertThat(new String(written, StandardCharsets.UTF_8)).isEqualTo(new String(bound, StandardCharsets.UTF_8));
            assertThat(DirectoryListing.parse(mapper, written, "test")).isEqualTo(listing);
            assertThat(mapper.readValue(written, DirectoryListing.class)).isEqualTo(listing);
        }
        DirectoryListing empty = DirectoryListing.of(List.of());
        assertThat(empty.toJson(mapper)).isEqualTo(mapper.writeValueAsBytes(empty));
        assertThat(DirectoryListing.parse(mapper, empty.toJson(mapper), "test")).isEqualTo(empty);
    }

    @Test
    void readsFieldsInAnyOrderSkipsUnknownOnesAndReadsNullNumbersAsZero() {
        String id = id().toString();
        String json = """
                {"future":{"a":[1,{"b":null}]},"entries":[
                  {"ctimeNanos":7,"object":{"extra":true,"length":3,"chunks":["%s"]},"type":"file","name":"f","size":3,
                   "mode":null,"uid":5,"gid":6,"mtimeNanos":9,"inode":1,"device":2,"nlink":1,"linkTarget":null},
                  {"name":"l","type":"symlink","linkTarget":"f","more":[[]]}
                ],"version":1}""".formatted(id);
        DirectoryListing listing = DirectoryListing.parse(mapper, json.getBytes(StandardCharsets.UTF_8), "test");
        assertThat(listing.entries()).containsExactly(
                new TreeEntry("f", EntryType.FILE, 0, 5, 6, 9, 3, 1, 2, 1, new ObjectRef(List.of(ChunkId.parse(id)), 3), null,
                        null, 7),
                new TreeEntry("l", EntryType.SYMLINK, 0, 0, 0, 0, 0, 0, 0, 0, null, "f", null, 0));
    }

    @Test
    void refusesWhatIsNotADirectoryObjectWithItsReason() {
        String ok = "{\"version\":1,\"entries\":[{\"name\":\"a\",\"type\":\"fifo\"}]}";
        assertThat(DirectoryListing.parse(mapper, ok.getBytes(StandardCharsets.UTF_8), "t").entries()).hasSize(1);
        List<List<String>> bad = List.of(
                List.of("", "the directory object is missing where an object belongs"),
                List.of("[]", "the directory object is an array where an object belongs"),
                List.of("{\"version\":1,\"entries\":[{\"name\":\"a\",\"type\":\"file\",\"object\":{\"chunks\":[null],"
                        + "\"length\":0}}]}", "chunk id 0 is empty where a string belongs"),
                List.of("{\"version\":2,\"entries\":[]}", "version 2 is not supported"),
                List.of("{\"version\":1}", "entries"),
                List.of("{\"version\":1,\"entries\":[{\"type\":\"fifo\"}]}", "entry 0 has no name"),
                List.of("{\"version\":1,\"entries\":[{\"name\":\"a\",\"type\":\"door\"}]}", "\"door\" is not an entry type"),
                List.of("{\"version\":1,\"entries\":[{\"name\":\"a\",\"type\":\"fifo\",\"uid\":\"5\"}]}", "uid is a string where an integer belongs, at"),
                List.of("{\"version\":1,\"entries\":[{\"name\":\"a\",\"type\":\"fifo\",\"uid\":9999999999}]}", "out of range"),
                List.of("{\"version\":1,\"entries\":[{\"name\":\"a/b\",\"type\":\"fifo\"}]}", "not a plain file name"),
                List.of("{\"version\":1,\"entries\":[{\"name\":\"a\",\"type\":\"file\",\"object\":{\"length\":0}}]}",
                        "without its chunks"),
                List.of("{\"version\":1,\"entries\":[{\"name\":\"a\",\"type\":\"file\",\"object\":{\"chunks\":[\"ab\"],"
                        + "\"length\":0}}]}", "64 hex digits"),
                List.of("{\"version\":1,\"entries\":[]} {}", "data after the directory object"),
                List.of("{\"version\":1,\"entries\":[", "end-of-input"));
        for (List<String> c : bad) {
            assertThatThrownBy(() -> DirectoryListing.parse(mapper, c.get(0).getBytes(StandardCharsets.UTF_8), "dir x"))
                    .as(c.get(0))
                    .isInstanceOf(ArcaException.Corrupt.class)
                    .hasMessageStartingWith("directory object of dir x is invalid: ")
                    .hasMessageContaining(c.get(1))
                    .hasMessageNotContaining("null");
        }
    }
}
