// Plain records as the use cases see them; adapters map storage rows to these.
export type ChannelName = 'telegram' | 'whatsapp';

export interface Agency {
  id: number;
  name: string;
  slug: string;
  inviteCode: string;
  quietDays: number;
  contactName: string | null;
  contactTelegramId: string | null;
  contactPhone: string | null;
  createdAt: Date;
}

export type ContributorStatus = 'active' | 'unreachable' | 'disabled';

export interface ContributorIdentity {
  channel: ChannelName;
  externalId: string;
  chatId: string;
  username: string | null;
}

export interface Contributor {
  id: number;
  agencyId: number;
  name: string;
  role: string | null;
  phone: string | null;
  status: ContributorStatus;
  createdAt: Date;
}

export interface Editor {
  id: number;
  name: string | null;
  telegramUserId: string | null;
  whatsappPhone: string | null;
  active: boolean;
  createdAt: Date;
}
