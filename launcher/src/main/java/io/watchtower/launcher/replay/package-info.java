/**
 * {@code watchtower replay}: the production series pipeline over recorded CSV data, writing a
 * score file and a chart per input.
 */
package io.watchtower.launcher.replay;
