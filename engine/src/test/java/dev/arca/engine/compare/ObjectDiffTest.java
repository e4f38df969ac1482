package dev.arca.engine.compare;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectDiffTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void equalObjectsHaveNoDifferencesWhateverTheOrderOfTheirFieldsAndTheTypeOfTheirNumbers() throws Exception {
        JsonNode a = json("{'spec':{'replicas':1,'ratio':0.5},'metadata':{'name':'web'}}");
        JsonNode b = json("{'metadata':{'name':'web'},'spec':{'ratio':0.50,'replicas':1.0}}");

        assertThat(ObjectDiff.between(a, b)).isEmpty();
    }

    @Test
    void reportsAddedRemovedAndChangedFieldsAsJsonPointersWithTheirOldAndNewValues() throws Exception {
        JsonNode before = json("{'metadata':{'labels':{'app':'web','tier':'front'}},'spec':{'replicas':1}}");
        JsonNode after = json("{'metadata':{'labels':{'app':'web','team':'shop'}},'spec':{'replicas':3}}");

        List<FieldChange> changes = ObjectDiff.between(before, after);

        assertThat(changes).containsExactly(
                new FieldChange(FieldChange.Kind.added, "/metadata/labels/team", null, json("'shop'")),
                new FieldChange(FieldChange.Kind.removed, "/metadata/labels/tier", json("'front'"), null),
                new FieldChange(FieldChange.Kind.changed, "/spec/replicas", json("1"), json("3")));
    }

    @Test
    void comparesArraysElementByElementAndReportsElementsPastTheShorterEnd() throws Exception {
        JsonNode before = json("{'containers':[{'name':'a','image':'r/a:1'},{'name':'b','image':'r/b:1'}]}");
        JsonNode after = json("{'containers':[{'name':'a','image':'r/a:2'}]}");

        assertThat(ObjectDiff.between(before, after)).extracting(FieldChange::kind, FieldChange::path).containsExactly(
                org.assertj.core.groups.Tuple.tuple(FieldChange.Kind.changed, "/containers/0/image"),
                org.assertj.core.groups.Tuple.tuple(FieldChange.Kind.removed, "/containers/1"));
    }

    @Test
    void escapesSlashesAndTildesInFieldNamesAsRfc6901Says() throws Exception {
        JsonNode before = json("{'metadata':{'annotations':{'example.com/a~b':'1'}}}");
        JsonNode after = json("{'metadata':{'annotations':{'example.com/a~b':'2'}}}");

        assertThat(ObjectDiff.between(before, after)).extracting(FieldChange::path)
                .containsExactly("/metadata/annotations/example.com~1a~0b");
    }

    @Test
    void aValueOfAnotherTypeIsOneChangeOfTheWholeValue() throws Exception {
        JsonNode before = json("{'data':{'k':'v'}}");
        JsonNode after = json("{'data':'v'}");

        assertThat(ObjectDiff.between(before, after)).containsExactly(
                new FieldChange(FieldChange.Kind.changed, "/data", json("{'k':'v'}"), json("'v'")));
    }

    @Test
    void theDiffOfASecretSaysWhichKeysDifferButNeverShowsTheirValues() throws Exception {
        String lastApplied = "{\\'data\\':{\\'password\\':\\'aHVudGVyMg==\\'}}";
        JsonNode before = json("{'apiVersion':'v1','kind':'Secret','metadata':{'name':'db','labels':{'app':'db'},"
                + "'annotations':{'kubectl.kubernetes.io/last-applied-configuration':'" + lastApplied + "'}},"
                + "'data':{'password':'aHVudGVyMg==','user':'YWRtaW4='}}");
        JsonNode after = json("{'apiVersion':'v1','kind':'Secret','metadata':{'name':'db','labels':{'app':'web'},'annotations':{'team':'shop'}},"
                + "'data':{'password':'c3dvcmRmaXNo','token':'czNjcjN0'},'stringData':{'extra':'plain-secret'}}");

        List<FieldChange> changes = ObjectDiff.between(before, after);

        assertThat(changes).extracting(FieldChange::path).containsExactly(
                "/data/password", "/data/token", "/data/user",
                "/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration", "/metadata/annotations/team",
                "/metadata/labels/app", "/stringData");
        assertThat(changes.toString()).doesNotContain("aHVudGVyMg==", "YWRtaW4=", "c3dvcmRmaXNo", "czNjcjN0", "plain-secret")
                .contains(ObjectDiff.HIDDEN, "extra");
        assertThat(changes).filteredOn(c -> c.path().equals("/metadata/labels/app")).singleElement()
                .isEqualTo(new FieldChange(FieldChange.Kind.changed, "/metadata/labels/app", json("'db'"), json("'web'")));
    }

    @Test
    void theDiffOfAConfigMapShowsItsValues() throws Exception {
        JsonNode before = json("{'apiVersion':'v1','kind':'ConfigMap','data':{'mode':'qa'}}");
        JsonNode after = json("{'apiVersion':'v1','kind':'ConfigMap','data':{'mode':'prod'}}");

        assertThat(ObjectDiff.between(before, after))
                .containsExactly(new FieldChange(FieldChange.Kind.changed, "/data/mode", json("'qa'"), json("'prod'")));
    }
}
