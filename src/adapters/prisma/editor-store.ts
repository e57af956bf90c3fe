import type { EditorStore } from '../../pipeline/ports/admin-stores.js';
import type { Database } from './client.js';

export function createEditorStore(db: Database): EditorStore {
  return {
    async upsert(editor) {
      const where = editor.telegramUserId
        ? { telegramUserId: editor.telegramUserId }
        : { whatsappPhone: editor.whatsappPhone! };
      const existing = await db.editor.findUnique({ where });
      if (existing) {
        const updated = await db.editor.update({
          where: { id: existing.id },
          data: { active: true, name: editor.name ?? existing.name },
        });
        return { editor: updated, created: false };
      }
      return { editor: await db.editor.create({ data: editor }), created: true };
    },
    list: (options = {}) =>
      db.editor.findMany({ where: options.includeInactive ? {} : { active: true }, orderBy: { id: 'asc' } }),
    async deactivate(id) {
      const result = await db.editor.updateMany({ where: { id }, data: { active: false } });
      return result.count === 0 ? null : db.editor.findUnique({ where: { id } });
    },
    findActiveByTelegramId: (telegramUserId) => db.editor.findFirst({ where: { telegramUserId, active: true } }),
  };
}
