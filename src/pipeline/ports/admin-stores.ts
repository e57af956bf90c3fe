import type { Agency, Contributor, ContributorIdentity, Editor } from '../../domain/records.js';

export interface NewAgency {
  name: string;
  slug: string;
  inviteCode: string;
  quietDays: number;
  contactName?: string | null;
  contactTelegramId?: string | null;
  contactPhone?: string | null;
}

export interface AgencyStore {
  /** Creates the agency; returns `{ conflict }` naming the unique field that clashed. */
  create(agency: NewAgency): Promise<{ agency: Agency } | { conflict: 'name' | 'slug' | 'inviteCode' }>;
  list(): Promise<Array<Agency & { contributorCount: number; lastSubmissionAt: Date | null }>>;
  findByInviteCode(code: string): Promise<Agency | null>;
  findByName(name: string): Promise<Agency | null>;
  findById(id: number): Promise<Agency | null>;
}

export interface NewEditor {
  name?: string | null;
  telegramUserId?: string | null;
  whatsappPhone?: string | null;
}

export interface EditorStore {
  /** Creates the editor, or re-activates a removed one with the same identity. */
  upsert(editor: NewEditor): Promise<{ editor: Editor; created: boolean }>;
  list(options?: { includeInactive?: boolean }): Promise<Editor[]>;
  deactivate(id: number): Promise<Editor | null>;
  findActiveByTelegramId(telegramUserId: string): Promise<Editor | null>;
}

export interface ImportedContributor {
  agencyId: number;
  name: string;
  /** E.164. */
  phone: string;
  /** The WhatsApp id and chat (`6281…@c.us`) the contributor is reached at. */
  whatsappId: string;
}

export interface ContributorStore {
  list(options?: { agencyId?: number }): Promise<Array<Contributor & { agencyName: string; identities: ContributorIdentity[] }>>;
  /** Registers a pre-announced contributor; 'duplicate' when the phone or WhatsApp id is already someone's. */
  importContributor(
    contributor: ImportedContributor,
  ): Promise<{ outcome: 'created'; id: number } | { outcome: 'duplicate'; existingName: string | null }>;
}

export interface AuditEntry {
  actorType: 'editor' | 'contributor' | 'admin' | 'system';
  actorId?: string | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  data?: Record<string, unknown>;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
}
