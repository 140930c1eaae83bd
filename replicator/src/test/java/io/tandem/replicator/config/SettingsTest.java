package io.tandem.replicator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SettingsTest {

    private static Stream<Setting<?>> all() {
        return Stream.of(Settings.INSTANCE_SETTINGS, Settings.SERVER_SETTINGS, Settings.CHANNEL_SETTINGS)
                .flatMap(List::stream);
    }

    @Test
    void everySettingIsDocumented() {
        assertThat(all()).allSatisfy(setting -> assertThat(setting.description()).as(setting.name()).isNotBlank());
    }

    @Test
    void namesAndAliasesAreUniqueWhereTheyCanMeetAndWrittenInTheirNormalForm() {
        for (List<Setting<?>> scope : List.of(
                concat(Settings.INSTANCE_SETTINGS, Settings.CHANNEL_SETTINGS), Settings.SERVER_SETTINGS)) {
            List<String> keys = scope.stream()
                    .flatMap(s -> Stream.concat(Stream.of(s.name()), s.aliases().stream())).toList();
            assertThat(keys).doesNotHaveDuplicates();
            assertThat(keys).allSatisfy(key -> assertThat(key).isEqualTo(IniFile.normalizeKey(key)));
        }
    }

    @Test
    void aRequiredSettingHasNoDefaultAndAListDefaultsToEmpty() {
        assertThat(all().filter(Setting::isRequired)).allSatisfy(s -> assertThat(s.defaultValue()).isNull());
        assertThat(all().filter(Setting::isRepeatable)).allSatisfy(s -> assertThat(s.defaultValue()).isEqualTo(List.of()));
    }

    private static List<Setting<?>> concat(List<Setting<?>> a, List<Setting<?>> b) {
        List<Setting<?>> both = new ArrayList<>(a);
        both.addAll(b);
        return both;
    }
}
