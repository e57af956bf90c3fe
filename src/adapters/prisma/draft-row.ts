import type { StoredDraft } from '../../pipeline/ports/draft-store.js';

interface DraftRow {
  id: number;
  bundleId: number;
  version: number;
  kind: StoredDraft['kind'];
  content: unknown;
  warnings: unknown;
  model: string | null;
  createdAt: Date;
}

/** A drafts row as the use cases see it: warnings and the draft's questions as string lists. */
export function toStoredDraft(row: DraftRow): StoredDraft {
  const content = row.content as { questions?: unknown } | null;
  return {
    id: row.id,
    bundleId: row.bundleId,
    version: row.version,
    kind: row.kind,
    content: row.content,
    warnings: Array.isArray(row.warnings) ? row.warnings.map(String) : [],
    questions: Array.isArray(content?.questions) ? content.questions.map(String) : [],
    model: row.model,
    createdAt: row.createdAt,
  };
}
