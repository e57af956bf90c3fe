// The lifecycle of a bundle: one contributor's submission about one event.
export const bundleStatuses = [
  'open',
  'submitted',
  'drafting',
  'in_review',
  'approved',
  'rejected',
  'published',
  'failed',
  'cancelled',
  'withdrawn',
] as const;

export type BundleStatus = (typeof bundleStatuses)[number];

const transitions: Record<BundleStatus, readonly BundleStatus[]> = {
  open: ['submitted', 'cancelled'],
  submitted: ['drafting', 'failed'],
  drafting: ['in_review', 'failed', 'submitted'],
  in_review: ['approved', 'rejected', 'drafting', 'in_review'],
  approved: ['published', 'failed'],
  rejected: [],
  published: ['withdrawn'],
  failed: ['drafting', 'in_review'],
  cancelled: [],
  withdrawn: ['published'], // may be published again
};

export function canTransition(from: BundleStatus, to: BundleStatus): boolean {
  return transitions[from].includes(to);
}

/** The statuses a bundle may leave for `to`: used for conditional updates. */
export function statusesAllowing(to: BundleStatus): BundleStatus[] {
  return bundleStatuses.filter((from) => transitions[from].includes(to));
}
