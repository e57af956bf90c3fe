import type { EditorStore } from './ports/admin-stores.js';

export async function listEditors(deps: { editors: EditorStore }, options: { includeInactive?: boolean } = {}) {
  return deps.editors.list(options);
}
