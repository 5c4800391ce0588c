/**
 * Feedback on pages: {@code POST /api/v1/signals/<id>/feedback} applies an answer (useful, noise,
 * expected) to the answered series' detector, records it in the {@link
 * io.watchtower.runtime.journal.FeedbackLog}, audits it and publishes it to the registry;
 * {@code GET /api/v1/feedback} lists this daemon's answers and {@code GET /api/v1/feedback/checks}
 * ranks the fleet's checks by how often they were answered {@code noise}.
 */
package io.watchtower.runtime.feedback;
