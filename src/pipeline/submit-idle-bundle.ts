import { submitIdleBundleJob } from '../jobs/intake-jobs.js';
import type { IntakeDeps } from './intake-deps.js';
import { submitBundle } from './submit-bundle.js';

/**
 * The idle timer fired: submit the bundle if it has really been quiet for
 * BUNDLE_IDLE_SECONDS, otherwise wait for the rest of the quiet spell.
 */
export async function submitIdleBundle(deps: IntakeDeps, bundleId: number): Promise<void> {
  const bundle = await deps.intake.getBundle(bundleId);
  if (!bundle || bundle.status !== 'open') return;
  const quietMs = deps.clock.now().getTime() - bundle.lastActivityAt.getTime();
  const idleMs = deps.settings.bundleIdleSeconds * 1000;
  // A little slack: timers fire a few milliseconds early or late.
  if (quietMs + 250 < idleMs) {
    await deps.queue.enqueue(submitIdleBundleJob, { bundleId }, { delayMs: idleMs - quietMs, jobId: `idle-${bundleId}-${bundle.lastActivityAt.getTime()}` });
    return;
  }
  await submitBundle(deps, bundleId, 'idle');
}
