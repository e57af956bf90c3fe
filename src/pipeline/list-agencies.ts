import type { AgencyStore } from './ports/admin-stores.js';

export async function listAgencies(deps: { agencies: AgencyStore }) {
  return deps.agencies.list();
}
