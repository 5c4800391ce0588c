package io.watchtower.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PageBudgetTest {

    private static final long MINUTE = 60_000L;
    private static final long START = 1_767_571_200_000L;

    @Test
    void pagesBeyondTwoAWeekRaiseTheBar() {
        PageBudget budget = new PageBudget();
        for (int i = 0; i < 4; i++) {
            budget.paged(START + i * 180 * MINUTE);
        }
        assertThat(budget.factor(START + 540 * MINUTE)).isGreaterThan(1.3);
    }

    @Test
    void anIncidentThatFlapsCountsOnce() {
        // one ramp crossing the band's edge six times in an hour and a half is one incident, not six pages' evidence
        PageBudget budget = new PageBudget();
        for (int i = 0; i < 6; i++) {
            budget.paged(START + i * 18 * MINUTE);
        }
        assertThat(budget.factor(START + 100 * MINUTE)).isEqualTo(1.0);
        // three more incidents, hours apart: now the series has paged beyond its budget
        for (int i = 1; i <= 3; i++) {
            budget.paged(START + i * 150 * MINUTE);
        }
        assertThat(budget.factor(START + 460 * MINUTE)).isGreaterThan(1.0);
    }
}
