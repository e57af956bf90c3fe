import { AppError, isAppError } from '../domain/errors.js';
import type { DraftPromptInput } from '../domain/draft-prompt.js';
import { factCheck } from '../domain/fact-check.js';
import type { NewsItem } from '../domain/news-item.js';
import { buildOfflineDraft } from '../domain/offline-draft.js';
import { sendReviewCardJob } from '../jobs/review-jobs.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { Logger } from '../logging/logger.js';
import { draftingMessages } from '../messages/drafting-id.js';
import type { Channels } from './ports/channels.js';
import type { Clock } from './ports/clock.js';
import type { BundleMaterial, DraftKind, DraftStore, MaterialItem } from './ports/draft-store.js';
import type { DraftResult, Drafter, Transcriber } from './ports/drafting.js';
import type { MediaStore } from './ports/media-store.js';
import { readFile } from 'node:fs/promises';

export interface DraftingDeps {
  drafts: DraftStore;
  /** Absent when no LLM is configured: the offline drafter is used. */
  drafter: Drafter | null;
  transcriber: Transcriber | null;
  media: Pick<MediaStore, 'absolutePath'>;
  queue: JobQueue;
  channels: Channels;
  clock: Clock;
  timeZone: string;
  log: Logger;
}

export interface DraftRequest {
  bundleId: number;
  reason: 'submitted' | 'regenerate' | 'revision' | 'answer';
  instruction: string | null;
  baseVersion: number | null;
}

const audioKinds = new Set(['voice', 'audio', 'video']);

function formatNow(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('id-ID', { timeZone, dateStyle: 'full', timeStyle: 'short' }).format(date);
}

/**
 * Drafts a news item for a bundle: transcribes voice notes, asks the LLM (or
 * the offline drafter), fact-checks the result against the sources, stores it
 * as the next version and queues the review card. Running it twice for the
 * same request yields one draft. If the LLM stays unavailable, the bundle
 * still reaches the editors as a manual draft with all its raw material.
 */
export async function draftBundle(deps: DraftingDeps, request: DraftRequest, attempt: { finalAttempt: boolean; attempt: number }): Promise<void> {
  const log = deps.log.child({ bundleId: request.bundleId, reason: request.reason });
  const material = await deps.drafts.loadMaterial(request.bundleId);
  if (!material) return;
  const latest = material.latestDraft;
  const nextVersion = (latest?.version ?? 0) + 1;

  // Idempotency: the first draft once, and each later version once per version it replaces.
  if (request.baseVersion === null ? latest !== null : latest?.version !== request.baseVersion) {
    log.info({ latestVersion: latest?.version ?? null }, 'draft already made for this request');
    return;
  }
  if (!['submitted', 'drafting', 'in_review', 'failed'].includes(material.bundle.status)) {
    log.info({ status: material.bundle.status }, 'bundle is not waiting for a draft');
    return;
  }

  const messenger = deps.channels.has(material.bundle.channel) ? deps.channels.messenger(material.bundle.channel) : null;
  const moved = await deps.drafts.setStatus(request.bundleId, ['submitted', 'in_review', 'failed'], 'drafting');
  if (moved && request.reason === 'submitted' && messenger) {
    await messenger.sendText(material.bundle.chatId, draftingMessages.drafting()).catch((error: unknown) => log.warn({ err: error }, 'progress message failed'));
  }

  // Files still downloading: wait for them (the job retries), unless this is the last chance.
  const pending = material.items.filter((item) => item.mediaPending);
  if (pending.length > 0 && !attempt.finalAttempt) {
    throw new AppError('UNAVAILABLE', `${pending.length} file(s) still downloading`);
  }

  const warnings: string[] = [];
  if (pending.length > 0) warnings.push(draftingMessages.filesMissing(pending.length));
  const transcripts = await transcribeAll(deps, material.items, warnings, log);
  const input = promptInput(deps, material, transcripts, request, latest?.content ?? null);

  let item: NewsItem;
  let kind: DraftKind;
  let result: DraftResult | null = null;
  if (!deps.drafter) {
    item = buildOfflineDraft(input);
    kind = 'offline';
    warnings.unshift(draftingMessages.offlineDraft());
  } else {
    try {
      result = await deps.drafter.draft(input);
      item = result.item;
      kind = 'llm';
    } catch (error) {
      // Retry what can be retried; past the last attempt, the editors get the raw material.
      if (isAppError(error, 'UNAVAILABLE') && !attempt.finalAttempt) throw error;
      log.error({ err: error, attempt: attempt.attempt }, 'LLM drafting failed; handing over a manual draft');
      item = buildOfflineDraft(input);
      kind = 'manual';
      warnings.unshift(isAppError(error, 'UNAVAILABLE') ? draftingMessages.llmUnavailable() : draftingMessages.llmInvalid());
    }
  }

  const check = factCheck(item, {
    texts: [...input.notes, ...transcripts.map((t) => t.text), ...input.photoCaptions.map((c) => c.caption)],
    records: [material.agency.name, material.contributor.name, material.contributor.role ?? '', material.bundle.eventPlace ?? ''].filter(Boolean),
    submittedAt: material.bundle.submittedAt ?? material.bundle.createdAt,
    timeZone: deps.timeZone,
  });
  // The offline and manual drafts only rearrange the contributor's words.
  const findings = kind === 'llm' ? [...new Set(check.findings.map((f) => f.text))] : [];

  const { draft, created } = await deps.drafts.createDraft({
    bundleId: request.bundleId,
    version: nextVersion,
    kind,
    content: item,
    warnings: [...warnings, ...findings],
    factCheck: check,
    model: result?.model ?? null,
    promptVersion: result?.promptVersion ?? null,
    inputTokens: result?.inputTokens ?? null,
    outputTokens: result?.outputTokens ?? null,
    latencyMs: result?.latencyMs ?? null,
    costUsd: result?.costUsd ?? null,
  });
  log.info(
    {
      draftId: draft.id,
      version: draft.version,
      kind,
      model: result?.model,
      promptVersion: result?.promptVersion,
      inputTokens: result?.inputTokens,
      outputTokens: result?.outputTokens,
      latencyMs: result?.latencyMs,
      costUsd: result?.costUsd,
      repairs: result?.repairs,
      warnings: warnings.length + findings.length,
    },
    created ? 'draft stored' : 'draft already stored',
  );

  await deps.drafts.setStatus(request.bundleId, ['drafting', 'submitted', 'failed'], 'in_review');
  await deps.queue.enqueue(sendReviewCardJob, { draftId: draft.id });
  if (created && request.reason === 'submitted' && messenger) {
    await messenger.sendText(material.bundle.chatId, draftingMessages.sentToEditors()).catch((error: unknown) => log.warn({ err: error }, 'progress message failed'));
  }
}

async function transcribeAll(
  deps: DraftingDeps,
  items: MaterialItem[],
  warnings: string[],
  log: Logger,
): Promise<Array<{ messageId: number; text: string }>> {
  const transcripts: Array<{ messageId: number; text: string }> = [];
  let number = 0;
  for (const item of items) {
    if (!audioKinds.has(item.kind) || !item.asset) continue;
    if (item.kind === 'video' && !item.asset.mime.startsWith('video/')) continue;
    number += 1;
    const cached = await deps.drafts.findTranscript(item.asset.sha256);
    if (cached !== null) {
      if (cached) transcripts.push({ messageId: item.messageId, text: cached });
      continue;
    }
    if (!deps.transcriber) {
      if (item.kind !== 'video') warnings.push(draftingMessages.voiceNotTranscribed(number));
      continue;
    }
    try {
      const audio = await readFile(deps.media.absolutePath(item.asset.storagePath));
      const text = await deps.transcriber.transcribe(audio, item.asset.mime);
      await deps.drafts.saveTranscript({ sha256: item.asset.sha256, text, model: deps.transcriber.model, language: 'id' });
      if (text) transcripts.push({ messageId: item.messageId, text });
    } catch (error) {
      // A failed transcription does not sink the draft: the editor is warned instead.
      log.warn({ err: error, messageId: item.messageId }, 'transcription failed');
      warnings.push(draftingMessages.voiceNotTranscribed(number));
    }
  }
  return transcripts;
}

function promptInput(
  deps: DraftingDeps,
  material: BundleMaterial,
  transcripts: Array<{ text: string }>,
  request: DraftRequest,
  previousDraft: unknown,
): DraftPromptInput {
  const photos = material.items.filter((item) => item.asset?.mime.startsWith('image/'));
  const notes = material.items.filter((item) => item.kind === 'text' && item.text).map((item) => item.text!);
  // Captions on other media are notes too.
  for (const item of material.items) {
    if (item.caption && !item.asset?.mime.startsWith('image/')) notes.push(item.caption);
  }
  return {
    agencyName: material.agency.name,
    contributorName: material.contributor.name,
    contributorRole: material.contributor.role,
    nowText: formatNow(deps.clock.now(), deps.timeZone),
    eventPlace: material.bundle.eventPlace,
    photoCount: photos.length,
    notes,
    transcripts: transcripts.map((t) => t.text),
    photoCaptions: photos.flatMap((item, index) => (item.caption ? [{ photoIndex: index + 1, caption: item.caption }] : [])),
    revision:
      request.instruction && previousDraft
        ? { instruction: request.instruction, previousDraft }
        : null,
  };
}
