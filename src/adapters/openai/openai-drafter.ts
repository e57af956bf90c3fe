import OpenAI, { APIConnectionError, APIError } from 'openai';
import { ContentFilterFinishReasonError, LengthFinishReasonError } from 'openai/error';
import { zodResponseFormat } from 'openai/helpers/zod';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { AppError } from '../../domain/errors.js';
import { buildDraftUserMessage, buildRepairMessage, draftPromptVersion, draftSystemPrompt, type DraftPromptInput } from '../../domain/draft-prompt.js';
import { newsItemJsonSchemaName, newsItemSchema, validateNewsItem, type NewsItem } from '../../domain/news-item.js';
import type { Logger } from '../../logging/logger.js';
import type { DraftResult, Drafter } from '../../pipeline/ports/drafting.js';
import { estimateCostUsd } from './model-prices.js';

export interface OpenAIClientSettings {
  apiKey?: string;
  baseURL?: string;
  /** The SDK's own retries per request (429/5xx/network). Bounded so that, with the job's attempts, no storm follows. */
  maxRetries?: number;
  timeoutMs?: number;
}

export function createOpenAIClient(settings: OpenAIClientSettings, log: Logger): OpenAI {
  return new OpenAI({
    // Local OpenAI-compatible servers (Ollama, vLLM, llama.cpp) accept any key.
    apiKey: settings.apiKey ?? 'not-needed',
    baseURL: settings.baseURL,
    maxRetries: settings.maxRetries ?? 2,
    timeout: settings.timeoutMs ?? 90_000,
    logger: {
      // The SDK reports its retries at info/warn level: pass them on as objects.
      debug: () => {},
      info: (message: string) => log.info({ component: 'openai' }, message),
      warn: (message: string) => log.warn({ component: 'openai' }, message),
      error: (message: string) => log.error({ component: 'openai' }, message),
    },
    logLevel: 'warn',
  });
}

/** Maps the SDK's failures to our codes: what retrying may fix, and what it cannot. */
export function toAppError(error: unknown, what: string): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof APIConnectionError) return new AppError('UNAVAILABLE', `${what}: cannot reach the LLM server (${error.message})`);
  if (error instanceof APIError) {
    const status = error.status ?? 0;
    if (status === 429 || status >= 500 || status === 408 || status === 409) {
      return new AppError('UNAVAILABLE', `${what}: LLM server answered ${status}`, { status });
    }
    // 400/401/403/404: configuration or request problems; a retry will not help.
    return new AppError('VALIDATION', `${what}: LLM server refused the request (${status}: ${error.message})`, { status });
  }
  return new AppError('UNAVAILABLE', `${what}: ${error instanceof Error ? error.message : String(error)}`);
}

export function createOpenAIDrafter(deps: { client: OpenAI; model: string; log: Logger }): Drafter {
  const responseFormat = zodResponseFormat(newsItemSchema, newsItemJsonSchemaName);

  async function request(messages: ChatCompletionMessageParam[]) {
    // create() rather than parse(): we validate ourselves, so invalid output can be repaired.
    const completion = await deps.client.chat.completions.create({
      model: deps.model,
      messages,
      response_format: responseFormat,
      temperature: 0.2,
    });
    const choice = completion.choices[0];
    return {
      content: choice?.message.content ?? null,
      refusal: choice?.message.refusal ?? null,
      finishReason: choice?.finish_reason ?? null,
      usage: completion.usage,
      model: completion.model || deps.model,
    };
  }

  return {
    model: deps.model,
    async draft(input: DraftPromptInput): Promise<DraftResult> {
      const started = performance.now();
      const messages: ChatCompletionMessageParam[] = [
        { role: 'system', content: draftSystemPrompt },
        { role: 'user', content: buildDraftUserMessage(input) },
      ];
      let inputTokens = 0;
      let outputTokens = 0;
      let model = deps.model;
      // One first try and at most one repair.
      for (let repairs = 0; repairs <= 1; repairs += 1) {
        let answer;
        try {
          answer = await request(messages);
        } catch (error) {
          if (error instanceof LengthFinishReasonError || error instanceof ContentFilterFinishReasonError) {
            throw new AppError('VALIDATION', `the model stopped early: ${error.message}`);
          }
          throw toAppError(error, 'drafting');
        }
        inputTokens += answer.usage?.prompt_tokens ?? 0;
        outputTokens += answer.usage?.completion_tokens ?? 0;
        model = answer.model;
        if (answer.refusal) {
          throw new AppError('VALIDATION', `the model refused: ${answer.refusal}`, { refusal: answer.refusal });
        }
        const problem = problemWith(answer.content, answer.finishReason);
        if (!problem.item) {
          deps.log.warn({ problem: problem.message, repairs, finishReason: answer.finishReason }, 'invalid draft output');
          if (repairs === 1) throw new AppError('VALIDATION', `the model's output stayed invalid: ${problem.message}`);
          messages.push({ role: 'assistant', content: answer.content ?? '' });
          messages.push({ role: 'user', content: buildRepairMessage(answer.content ?? '', problem.message) });
          continue;
        }
        const latencyMs = Math.round(performance.now() - started);
        return {
          item: problem.item,
          model,
          promptVersion: draftPromptVersion,
          inputTokens,
          outputTokens,
          latencyMs,
          costUsd: estimateCostUsd(model, inputTokens, outputTokens),
          repairs,
        };
      }
      throw new AppError('INTERNAL', 'unreachable');
    },
  };
}

function problemWith(content: string | null, finishReason: string | null): { item: NewsItem | null; message: string } {
  if (finishReason === 'length') return { item: null, message: 'the answer was cut off (finish_reason length); answer shorter' };
  if (!content) return { item: null, message: 'empty answer' };
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch (error) {
    return { item: null, message: `not valid JSON: ${(error as Error).message}` };
  }
  const validation = validateNewsItem(json);
  if (!validation.ok) return { item: null, message: validation.issues.map((i) => `${i.path}: ${i.message}`).join('; ') };
  return { item: validation.item, message: '' };
}
