package io.watchtower.runtime.config;

import com.typesafe.config.Config;
import io.watchtower.baseline.DetectorSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated daemon configuration.
 *
 * @param source the file it was read from
 * @param host the host name
 * @param stateDir where the journal, snapshots and cursors live
 * @param towersDir where tower plugins are installed, if set
 * @param listenHost the API listener's address
 * @param listenPort the API listener's port (0 picks a free one)
 * @param baseline the global baseline settings
 * @param snapshotInterval how often baselines are snapshotted
 * @param shutdownTimeout how long a clean shutdown waits
 * @param channels alert channels, in order
 * @param towers towers by id, in file order
 * @param escalation escalation and delivery settings
 * @param settings the resolved {@code watchtower} block over the defaults, for the parts that read
 *                 their own settings from it (API, registry)
 * @param journal how the signal journal is rotated
 */
public record DaemonConfig(Path source, String host, Path stateDir, Optional<Path> towersDir, String listenHost,
                           int listenPort, DetectorSettings baseline, Duration snapshotInterval,
                           Duration shutdownTimeout, List<ChannelConfig> channels, Map<String, TowerConfig> towers,
                           EscalationConfig escalation, Config settings, JournalConfig journal) {
}
