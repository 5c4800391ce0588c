package io.watchtower.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class SeasonalProfileTest {

    private static long at(String isoLocal, String zone) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(isoLocal), ZoneId.of(zone)).toInstant().toEpochMilli();
    }

    @Test
    void bucketsFollowTheWeekdayAndHourOfTheConfiguredZone() {
        SeasonalProfile utc = new SeasonalProfile(ZoneOffset.UTC, 2, 100);
        int saturdayEvening = utc.bucketOf(at("2026-01-10T20:15:00", "UTC"));
        assertThat(saturdayEvening).isEqualTo(5 * 24 + 20);
        SeasonalProfile paris = new SeasonalProfile(ZoneId.of("Europe/Paris"), 2, 100);
        assertThat(paris.bucketOf(at("2026-07-06T06:30:00", "Europe/Paris"))).isEqualTo(6);
        assertThat(paris.bucketOf(at("2026-01-04T23:59:00", "Europe/Paris"))).isEqualTo(6 * 24 + 23);
    }

    @Test
    void aThinBucketIsBlendedAndNamedAfterWhatItTrusts() {
        SeasonalProfile profile = new SeasonalProfile(ZoneOffset.UTC, 10, 100);
        int bucket = profile.bucketOf(at("2026-01-10T20:15:00", "UTC"));
        assertThat(profile.label(bucket)).isEqualTo("global");
        assertThat(profile.offset(bucket)).isZero();
        assertThat(profile.spread(bucket, 3.0)).isEqualTo(3.0);
        for (int i = 0; i < 5; i++) {
            profile.learn(bucket, 8.0, 1.0);
        }
        // half trusted: the weekday bucket and the hour-of-day bucket both have 5 of 10
        assertThat(profile.label(bucket)).isEqualTo("sat-20h");
        double offset = profile.offset(bucket);
        assertThat(offset).isGreaterThan(0).isLessThan(8);
        for (int i = 0; i < 20; i++) {
            profile.learn(bucket, 8.0, 1.0);
        }
        assertThat(profile.offset(bucket)).isCloseTo(8.0, within(1.5));
        assertThat(profile.mature(bucket)).isTrue();
        // another day at 20h sees the hour-of-day profile
        int sunday = profile.bucketOf(at("2026-01-11T20:15:00", "UTC"));
        assertThat(profile.label(sunday)).isEqualTo("20h");
        assertThat(profile.offset(sunday)).isCloseTo(8.0, within(1.5));
    }

    @Test
    void oneAbsurdResidualMovesAnEstablishedBucketBoundedly() {
        SeasonalProfile profile = new SeasonalProfile(ZoneOffset.UTC, 10, 100);
        int bucket = 30;
        for (int i = 0; i < 100; i++) {
            profile.learn(bucket, i % 2 == 0 ? 1 : -1, 1.0);
        }
        double before = profile.offset(bucket);
        profile.learn(bucket, 1e12, 1.0);
        assertThat(profile.offset(bucket) - before).isLessThan(0.2);
    }
}
