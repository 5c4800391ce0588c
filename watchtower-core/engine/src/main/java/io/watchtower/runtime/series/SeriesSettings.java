package io.watchtower.runtime.series;

import com.typesafe.config.Config;
import io.watchtower.baseline.DetectorSettings;
import io.watchtower.baseline.Direction;
import io.watchtower.baseline.SeriesKind;
import io.watchtower.runtime.config.BaselineSettingsReader;
import io.watchtower.runtime.config.ConfigProblem;
import io.watchtower.spi.Check;

import java.util.ArrayList;
import java.util.List;

/**
 * Resolves the detector settings of a series, in order: the global {@code baseline} block, what
 * the check declares (direction, minimum delta, guardrails, whether its values can be negative and
 * whether its bad state is never normal),
 * the tower's {@code baseline} block, then the check's own {@code checks.<name>.baseline} block.
 * {@code watchtower replay} uses the same resolution, so replay and daemon judge alike.
 */
public final class SeriesSettings {

    private SeriesSettings() {
    }

    /**
     * @param global the global settings
     * @param check the declared check
     * @param towerBlock the tower's baseline block (may be empty)
     * @param checkBlock the check's baseline block (may be empty)
     * @return the settings of the check's series
     */
    public static DetectorSettings forCheck(DetectorSettings global, Check check, Config towerBlock, Config checkBlock) {
        DetectorSettings s = global.kind(kind(check)).direction(direction(check)).minimumDelta(check.minimumDelta())
                .guardrailAbove(check.guardrailAbove()).guardrailBelow(check.guardrailBelow())
                .nonNegative(check.nonNegative()).badNeverNormal(check.isBadNeverNormal());
        List<ConfigProblem> ignored = new ArrayList<>();
        s = BaselineSettingsReader.read(towerBlock, "baseline", s, ignored);
        return BaselineSettingsReader.read(checkBlock, "baseline", s, ignored);
    }

    /**
     * Reachability and probe-health series: a failure fraction with a guardrail at one half, so
     * they fire from the first probe on, with the same k-of-n and recovery as other series.
     *
     * @param global the global settings
     * @param towerBlock the tower's baseline block (may be empty)
     * @return the settings
     */
    public static DetectorSettings forHealth(DetectorSettings global, Config towerBlock) {
        DetectorSettings s = BaselineSettingsReader.read(towerBlock, "baseline", global, new ArrayList<>());
        return DetectorSettings.defaults().kind(SeriesKind.RATIO).direction(Direction.HIGHER).warmUp(1)
                .guardrailAbove(0.5).fireWhen(s.fireAfter(), s.fireWindow()).resolveAfter(s.resolveAfter());
    }

    static SeriesKind kind(Check check) {
        switch (check.kind()) {
            case RATIO:
                return SeriesKind.RATIO;
            case STATE:
                return SeriesKind.STATE;
            default:
                return SeriesKind.GAUGE;
        }
    }

    static Direction direction(Check check) {
        return Direction.valueOf(check.worseWhen().name());
    }
}
