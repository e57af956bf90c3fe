import { AppError } from '../domain/errors.js';
import { normalisePhone } from '../domain/phone.js';
import type { Editor } from '../domain/records.js';
import type { AuditLog, EditorStore } from './ports/admin-stores.js';

export interface AddEditorInput {
  telegramUserId?: string;
  whatsappPhone?: string;
  name?: string;
}

export async function addEditor(
  deps: { editors: EditorStore; audit: AuditLog },
  input: AddEditorInput,
): Promise<{ editor: Editor; created: boolean }> {
  if (!input.telegramUserId === !input.whatsappPhone) {
    throw new AppError('VALIDATION', 'Give exactly one of --telegram USER_ID or --whatsapp PHONE.');
  }
  let telegramUserId: string | null = null;
  let whatsappPhone: string | null = null;
  if (input.telegramUserId) {
    telegramUserId = input.telegramUserId.trim();
    // Telegram user ids are positive integers; a @username cannot be resolved by bots.
    if (!/^[1-9]\d{0,19}$/.test(telegramUserId)) {
      throw new AppError('VALIDATION', '--telegram must be a numeric Telegram user id (ask the editor to send /id to the bot).');
    }
  }
  if (input.whatsappPhone) {
    whatsappPhone = normalisePhone(input.whatsappPhone);
    if (!whatsappPhone) throw new AppError('VALIDATION', '--whatsapp must be a mobile number such as 0812… or +62812….');
  }
  const name = input.name?.trim() || null;
  const result = await deps.editors.upsert({ name, telegramUserId, whatsappPhone });
  await deps.audit.record({
    actorType: 'admin',
    action: result.created ? 'editor.add' : 'editor.reactivate',
    entityType: 'editor',
    entityId: String(result.editor.id),
    data: { name, channel: telegramUserId ? 'telegram' : 'whatsapp' },
  });
  return result;
}
