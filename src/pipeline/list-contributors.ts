import type { ContributorStore } from './ports/admin-stores.js';

export async function listContributors(deps: { contributors: ContributorStore }, options: { agencyId?: number } = {}) {
  return deps.contributors.list(options);
}
