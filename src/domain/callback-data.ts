// Button payloads are a tiny typed codec, never free text: `v1|action|id|version`.
// Telegram allows at most 64 bytes of callback_data.
export const callbackVersion = 'v1';

export type CallbackAction =
  | { kind: 'bundle.submit'; bundleId: number }
  | { kind: 'bundle.cancel'; bundleId: number }
  | { kind: 'draft.approve'; draftId: number; version: number }
  | { kind: 'draft.revise'; draftId: number; version: number }
  | { kind: 'draft.reject'; draftId: number; version: number }
  | { kind: 'draft.reject-reason'; draftId: number; version: number; reason: RejectReason }
  | { kind: 'draft.regenerate'; draftId: number; version: number }
  | { kind: 'publication.retry'; publicationId: number };

export const rejectReasons = ['photo', 'incomplete', 'not-news', 'duplicate', 'other'] as const;
export type RejectReason = (typeof rejectReasons)[number];

const codes = {
  'bundle.submit': 'bs',
  'bundle.cancel': 'bc',
  'draft.approve': 'da',
  'draft.revise': 'dv',
  'draft.reject': 'dr',
  'draft.reject-reason': 'dx',
  'draft.regenerate': 'dg',
  'publication.retry': 'pr',
} as const satisfies Record<CallbackAction['kind'], string>;

const kindsByCode = Object.fromEntries(Object.entries(codes).map(([kind, code]) => [code, kind])) as Record<
  string,
  CallbackAction['kind']
>;

export function encodeCallback(action: CallbackAction): string {
  const parts: (string | number)[] = [callbackVersion, codes[action.kind]];
  switch (action.kind) {
    case 'bundle.submit':
    case 'bundle.cancel':
      parts.push(action.bundleId);
      break;
    case 'publication.retry':
      parts.push(action.publicationId);
      break;
    case 'draft.reject-reason':
      parts.push(action.draftId, action.version, rejectReasons.indexOf(action.reason));
      break;
    default:
      parts.push(action.draftId, action.version);
  }
  const data = parts.join('|');
  if (Buffer.byteLength(data) > 64) throw new Error(`callback data over 64 bytes: ${data}`);
  return data;
}

const positiveInt = (text: string | undefined) => (text !== undefined && /^\d{1,12}$/.test(text) ? Number(text) : null);

/** Decodes callback data; anything malformed or from another version is null. */
export function decodeCallback(data: string): CallbackAction | null {
  const [version, code, first, second, third] = data.split('|');
  if (version !== callbackVersion || !code) return null;
  const kind = kindsByCode[code];
  const a = positiveInt(first);
  const b = positiveInt(second);
  if (!kind || a === null) return null;
  switch (kind) {
    case 'bundle.submit':
    case 'bundle.cancel':
      return { kind, bundleId: a };
    case 'publication.retry':
      return { kind, publicationId: a };
    case 'draft.reject-reason': {
      const reason = rejectReasons[positiveInt(third) ?? -1];
      return b === null || !reason ? null : { kind, draftId: a, version: b, reason };
    }
    default:
      return b === null ? null : { kind, draftId: a, version: b };
  }
}
