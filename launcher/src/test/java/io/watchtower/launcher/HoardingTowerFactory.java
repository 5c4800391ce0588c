package io.watchtower.launcher;

import io.watchtower.spi.Check;
import io.watchtower.spi.SpiVersion;
import io.watchtower.spi.Tower;
import io.watchtower.spi.TowerContext;
import io.watchtower.spi.TowerFactory;
import io.watchtower.spi.Unit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A leaking tower type ({@code hoard}) for the fault matrix's heap row: every probe keeps 4 MiB
 * more, in 64 KiB pieces, for good, until the heap is really exhausted. It is not on the test class
 * path's service list: {@link #servicesDirectory} makes a folder that registers it for one daemon.
 */
public final class HoardingTowerFactory implements TowerFactory {

    private static final int PIECE = 64 * 1024;
    private static final int PIECES_PER_PROBE = 64;
    private static final List<byte[]> HOARD = new ArrayList<>();

    /**
     * @param dir an empty folder
     * @return {@code dir}, holding the service registration to add to a daemon's class path
     */
    static Path servicesDirectory(Path dir) throws IOException {
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        Files.writeString(services.resolve(TowerFactory.class.getName()),
                HoardingTowerFactory.class.getName() + "\n");
        return dir;
    }

    @Override
    public String type() {
        return "hoard";
    }

    @Override
    public String description() {
        return "keeps 4 MiB more heap at every probe (fault-matrix tests only)";
    }

    @Override
    public List<Check> checks() {
        return List.of(Check.gauge("held").unit(Unit.BYTES).describedAs("heap the tower holds"));
    }

    @Override
    public Tower create(TowerContext context) {
        return out -> {
            int held;
            synchronized (HOARD) {
                for (int i = 0; i < PIECES_PER_PROBE; i++) {
                    HOARD.add(new byte[PIECE]);
                }
                held = HOARD.size();
            }
            out.target("heap").gauge("held", (double) held * PIECE);
        };
    }

    @Override
    public int spiVersion() {
        return SpiVersion.CURRENT;
    }
}
