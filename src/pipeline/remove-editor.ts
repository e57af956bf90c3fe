import { AppError } from '../domain/errors.js';
import type { Editor } from '../domain/records.js';
import type { AuditLog, EditorStore } from './ports/admin-stores.js';

/** Deactivates an editor: their past decisions stay attributed to them. */
export async function removeEditor(deps: { editors: EditorStore; audit: AuditLog }, editorId: number): Promise<Editor> {
  const editor = await deps.editors.deactivate(editorId);
  if (!editor) throw new AppError('NOT_FOUND', `No editor with id ${editorId}.`);
  await deps.audit.record({ actorType: 'admin', action: 'editor.remove', entityType: 'editor', entityId: String(editorId) });
  return editor;
}
