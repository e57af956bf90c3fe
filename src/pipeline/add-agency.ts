import { AppError } from '../domain/errors.js';
import { generateInviteCode } from '../domain/invite-code.js';
import type { Agency } from '../domain/records.js';
import { slugify } from '../domain/slug.js';
import { normalisePhone } from '../domain/phone.js';
import type { AgencyStore, AuditLog } from './ports/admin-stores.js';

export interface AddAgencyInput {
  name: string;
  quietDays?: number;
  contactName?: string;
  contactTelegramId?: string;
  contactPhone?: string;
}

export async function addAgency(
  deps: { agencies: AgencyStore; audit: AuditLog; newInviteCode?: () => string },
  input: AddAgencyInput,
): Promise<Agency> {
  const name = input.name.trim().replace(/\s+/g, ' ');
  if (name.length < 2 || name.length > 150) {
    throw new AppError('VALIDATION', 'Agency name must be 2 to 150 characters long.');
  }
  const quietDays = input.quietDays ?? 7;
  if (!Number.isInteger(quietDays) || quietDays < 1 || quietDays > 365) {
    throw new AppError('VALIDATION', '--quiet-days must be a whole number from 1 to 365.');
  }
  let contactPhone: string | null = null;
  if (input.contactPhone) {
    contactPhone = normalisePhone(input.contactPhone);
    if (!contactPhone) throw new AppError('VALIDATION', 'Contact phone is not a valid mobile number.');
  }
  if (input.contactTelegramId && !/^\d{1,20}$/.test(input.contactTelegramId)) {
    throw new AppError('VALIDATION', 'Contact Telegram id must be a numeric user id.');
  }
  if (await deps.agencies.findByName(name)) {
    throw new AppError('CONFLICT', `An agency named "${name}" already exists.`);
  }

  const newInviteCode = deps.newInviteCode ?? generateInviteCode;
  const baseSlug = slugify(name);
  // Invite codes are random: on the rare clash, draw again.
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const result = await deps.agencies.create({
      name,
      slug: attempt === 0 ? baseSlug : `${baseSlug}-${attempt + 1}`,
      inviteCode: newInviteCode(),
      quietDays,
      contactName: input.contactName?.trim() || null,
      contactTelegramId: input.contactTelegramId ?? null,
      contactPhone,
    });
    if ('agency' in result) {
      await deps.audit.record({
        actorType: 'admin',
        action: 'agency.add',
        entityType: 'agency',
        entityId: String(result.agency.id),
        data: { name, quietDays },
      });
      return result.agency;
    }
    if (result.conflict === 'name') throw new AppError('CONFLICT', `An agency named "${name}" already exists.`);
  }
  throw new AppError('INTERNAL', 'Could not find a free invite code or slug after 10 attempts.');
}
