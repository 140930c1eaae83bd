package io.tandem.replicator.filter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WildPatternTest {

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            felix.%       | felix.t        | true
            felix.%       | felix.         | true
            felix.%       | felixx.t       | false
            foo%.bar%     | foo1.bar2      | true
            foo%.bar%     | foo.bar        | true
            foo%.bar%     | fo.bar         | false
            foo%          | food.x         | true
            db_.t         | db1.t          | true
            db_.t         | db.t           | false
            db\\_.t       | db_.t          | true
            db\\_.t       | db1.t          | false
            %.%           | a.b            | true
            a%b%c.t       | aXbYc.t        | true
            a%b%c.t       | aXcYb.t        | false
            Felix.%       | felix.t        | false
            """)
    void matchesTheWholeDbDotTableStringWithPercentAndUnderscore(String pattern, String text, boolean expected) {
        assertThat(new WildPattern(pattern).matches(text)).isEqualTo(expected);
    }
}
