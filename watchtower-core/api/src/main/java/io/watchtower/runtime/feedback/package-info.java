/**
 * Feedback on pages: {@code POST /api/v1/signals/<id>/feedback} records an answer (useful, noise,
 * expected) in the {@link io.watchtower.runtime.journal.FeedbackLog}, audits it, applies it to the
 * answered series' detector, snapshots the baselines and publishes it to the registry (an answer
 * recorded and not yet snapshotted is applied at the next start);
 * {@code GET /api/v1/feedback} lists this daemon's answers and {@code GET /api/v1/feedback/checks}
 * ranks the fleet's checks by how often they were answered {@code noise}.
 */
package io.watchtower.runtime.feedback;
