// A fake OpenAI-compatible HTTP server for tests.
//
// It is a real node:http server on 127.0.0.1 (random port) so the REAL `openai`
// client can talk to it through `baseURL`: tests then exercise the SDK's own
// request building, retries, timeouts and response parsing, not a mock of them.
//
//   const fake = await startFakeOpenAI();
//   const client = new OpenAI({ apiKey: 'test', baseURL: fake.baseURL });
//   fake.enqueueChat({ json: { title: 'Banjir' } });
//   ...
//   await fake.close();

import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';

// ---------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------

/** An HTTP error answer, sent in OpenAI's error shape unless `body` is given. */
export interface ErrorAnswer {
  status: number;
  /** Sent as-is (JSON) instead of the generated `{ error: { message, type, code } }`. */
  body?: unknown;
  /** Extra response headers, e.g. `{ 'retry-after': '0' }` for a 429. */
  headers?: Record<string, string>;
}

/** What the fake answers to one chat completion request. */
export type ChatAnswer =
  /** content = JSON.stringify(json), finish_reason 'stop'. */
  | { json: unknown }
  /** Raw content (e.g. invalid JSON), finish_reason 'stop'. */
  | { content: string }
  /** message.refusal set, content null. */
  | { refusal: string }
  /** content given, finish_reason 'length' (the model ran out of tokens). */
  | { truncated: string }
  /** One tool call; `arguments` is sent as-is when a string, else JSON.stringify'd. */
  | { toolCall: { name: string; arguments: unknown } }
  | ErrorAnswer
  /** Waits `delayMs` before answering `then` (to trip the client's timeout). */
  | { delayMs: number; then: ChatAnswer };

/** What the fake answers to one transcription request. */
export type TranscriptionAnswer =
  | { text: string }
  | ErrorAnswer
  | { delayMs: number; then: TranscriptionAnswer };

export interface RecordedRequest {
  method: string;
  /** URL path without the query string, e.g. '/v1/chat/completions'. */
  path: string;
  /** Parsed JSON body; for multipart, the text fields plus a `file` summary; else undefined. */
  body: unknown;
  /** Lower-cased header names, as node:http gives them. */
  headers: Record<string, string>;
  at: Date;
}

/** The parts of a chat completion request body the fake looks at (the rest is kept). */
export interface ChatRequestBody {
  model: string;
  messages: unknown[];
  response_format?: {
    type: string;
    json_schema?: { name: string; schema?: unknown; strict?: boolean | null };
  };
  tools?: Array<{ type: string; function?: { name: string; parameters?: unknown; strict?: boolean } }>;
  tool_choice?: unknown;
  stream?: boolean;
  [key: string]: unknown;
}

export interface RecordedChatRequest extends RecordedRequest {
  body: ChatRequestBody;
}

export interface UploadedFile {
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  bytes: Buffer;
}

export interface RecordedTranscriptionRequest {
  model: string | undefined;
  language: string | undefined;
  response_format: string | undefined;
  prompt: string | undefined;
  /** Every text field of the form (temperature, etc.). */
  fields: Record<string, string>;
  /** The `file` part; undefined when the form had none. */
  file: UploadedFile | undefined;
  headers: Record<string, string>;
  at: Date;
}

export type ChatHandler = (body: ChatRequestBody) => ChatAnswer | Promise<ChatAnswer>;
/** Returns the transcript text, or a full answer (error, delay). */
export type TranscriptionHandler = (
  request: RecordedTranscriptionRequest,
) => string | TranscriptionAnswer | Promise<string | TranscriptionAnswer>;

export interface FakeOpenAIOptions {
  /** When set, requests without `Authorization: Bearer <apiKey>` get a 401. */
  apiKey?: string;
}

export interface FakeOpenAI {
  /** e.g. 'http://127.0.0.1:43121/v1' — pass as the client's `baseURL`. */
  readonly baseURL: string;
  readonly port: number;
  /** Every request that reached the server, in arrival order (including rejected ones). */
  readonly requests: RecordedRequest[];
  chatRequests(): RecordedChatRequest[];
  transcriptionRequests(): RecordedTranscriptionRequest[];
  /** Queues answers for the next chat requests, consumed in order. */
  enqueueChat(...answers: ChatAnswer[]): void;
  /** Queues answers for the next transcription requests, consumed in order. */
  enqueueTranscription(...answers: TranscriptionAnswer[]): void;
  /** Answers chat requests when the queue is empty; undefined restores the schema-driven default. */
  setChatHandler(handler: ChatHandler | undefined): void;
  /** Answers transcriptions when the queue is empty; undefined restores the fixed default text. */
  setTranscriptionHandler(handler: TranscriptionHandler | undefined): void;
  /** Clears recorded requests, queues and handlers. */
  reset(): void;
  close(): Promise<void>;
}

export const DEFAULT_TRANSCRIPT = 'transkrip uji';
export const DEFAULT_CHAT_TEXT = 'Baik, ini jawaban uji dari server palsu.';
export const FAKE_MODELS = ['gpt-4o-mini', 'gpt-4o', 'whisper-1'] as const;

// ---------------------------------------------------------------------------
// Server
// ---------------------------------------------------------------------------

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = [];
  const transcriptions: RecordedTranscriptionRequest[] = [];
  let chatQueue: ChatAnswer[] = [];
  let transcriptionQueue: TranscriptionAnswer[] = [];
  let chatHandler: ChatHandler | undefined;
  let transcriptionHandler: TranscriptionHandler | undefined;
  let idCounter = 0;
  // Pending delays, so close() can cancel them instead of keeping the process alive.
  const pendingDelays = new Set<() => void>();

  const nextId = (prefix: string) => `${prefix}${Date.now().toString(36)}${(++idCounter).toString(36)}`;

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      const message = err instanceof Error ? err.message : String(err);
      if (!res.headersSent && !res.destroyed) sendError(res, { status }, message);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const method = req.method ?? 'GET';
    const headers = flatHeaders(req);
    const raw = await readBody(req);
    const contentType = headers['content-type'] ?? '';

    let body: unknown;
    let multipart: MultipartForm | undefined;
    if (contentType.startsWith('multipart/form-data')) {
      multipart = parseMultipart(raw, contentType);
      body = { ...multipart.fields, file: multipart.files[0] && summarizeFile(multipart.files[0]) };
    } else if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        // Record the request anyway, then answer 400 like OpenAI does.
        requests.push({ method, path, body: raw.toString('utf8'), headers, at: new Date() });
        return sendError(res, { status: 400 }, 'We could not parse the JSON body of your request.');
      }
    }
    // Recorded before the auth check so tests can inspect rejected requests too.
    requests.push({ method, path, body, headers, at: new Date() });

    if (options.apiKey !== undefined && headers['authorization'] !== `Bearer ${options.apiKey}`) {
      return sendError(res, { status: 401 }, 'Incorrect API key provided.', 'invalid_api_key');
    }

    if (method === 'POST' && path === '/v1/chat/completions') {
      return handleChat(res, body as ChatRequestBody);
    }
    if (method === 'POST' && path === '/v1/audio/transcriptions') {
      return handleTranscription(res, multipart, headers);
    }
    if (method === 'GET' && path === '/v1/models') {
      const created = Math.floor(Date.now() / 1000);
      return sendJson(res, 200, {
        object: 'list',
        data: FAKE_MODELS.map((id) => ({ id, object: 'model', created, owned_by: 'fake-openai' })),
      });
    }
    return sendError(res, { status: 404 }, `Unknown request URL: ${method} ${path}.`, 'unknown_url');
  }

  async function handleChat(res: ServerResponse, body: ChatRequestBody): Promise<void> {
    if (!body || typeof body !== 'object' || typeof body.model !== 'string' || !Array.isArray(body.messages)) {
      return sendError(res, { status: 400 }, "Missing required parameters: 'model' and 'messages'.");
    }
    if (body.stream === true) {
      // Streaming is out of scope for this fake; fail loudly rather than half-support it.
      return sendError(res, { status: 400 }, 'The fake OpenAI server does not support stream: true.');
    }
    let answer: ChatAnswer = chatQueue.shift() ?? (chatHandler ? await chatHandler(body) : defaultChatAnswer(body));
    while ('delayMs' in answer) {
      if (!(await delay(res, answer.delayMs))) return; // the client gave up (timeout)
      answer = answer.then;
    }
    if ('status' in answer) return sendError(res, answer);
    sendJson(res, 200, chatCompletion(body, answer), { 'x-request-id': nextId('req_') });
  }

  function chatCompletion(body: ChatRequestBody, answer: Exclude<ChatAnswer, ErrorAnswer | { delayMs: number }>) {
    let content: string | null = null;
    let refusal: string | null = null;
    let finishReason: 'stop' | 'length' | 'tool_calls' = 'stop';
    let toolCalls: unknown[] | undefined;
    if ('json' in answer) content = JSON.stringify(answer.json);
    else if ('content' in answer) content = answer.content;
    else if ('refusal' in answer) refusal = answer.refusal;
    else if ('truncated' in answer) {
      content = answer.truncated;
      finishReason = 'length';
    } else {
      const args = answer.toolCall.arguments;
      toolCalls = [
        {
          id: nextId('call_'),
          type: 'function',
          function: { name: answer.toolCall.name, arguments: typeof args === 'string' ? args : JSON.stringify(args) },
        },
      ];
      finishReason = 'tool_calls';
    }
    // Rough token counts (~4 characters per token) so usage looks plausible.
    const promptTokens = Math.max(1, Math.ceil(JSON.stringify(body.messages).length / 4));
    const completionText = content ?? refusal ?? JSON.stringify(toolCalls ?? '');
    const completionTokens = Math.max(1, Math.ceil(completionText.length / 4));
    return {
      id: nextId('chatcmpl-'),
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content,
            refusal,
            annotations: [],
            ...(toolCalls ? { tool_calls: toolCalls } : {}),
          },
          logprobs: null,
          finish_reason: finishReason,
        },
      ],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
      },
      service_tier: 'default',
      system_fingerprint: 'fp_fake',
    };
  }

  async function handleTranscription(
    res: ServerResponse,
    form: MultipartForm | undefined,
    headers: Record<string, string>,
  ): Promise<void> {
    if (!form) return sendError(res, { status: 400 }, 'Expected a multipart/form-data body.');
    const file = form.files.find((f) => f.name === 'file') ?? form.files[0];
    const recorded: RecordedTranscriptionRequest = {
      model: form.fields['model'],
      language: form.fields['language'],
      response_format: form.fields['response_format'],
      prompt: form.fields['prompt'],
      fields: form.fields,
      file: file && { ...summarizeFile(file), bytes: file.data },
      headers,
      at: new Date(),
    };
    transcriptions.push(recorded);
    if (!recorded.file) return sendError(res, { status: 400 }, "Missing required parameter: 'file'.");
    if (!recorded.model) return sendError(res, { status: 400 }, "Missing required parameter: 'model'.");

    let answer: TranscriptionAnswer | undefined = transcriptionQueue.shift();
    if (!answer && transcriptionHandler) {
      const out = await transcriptionHandler(recorded);
      answer = typeof out === 'string' ? { text: out } : out;
    }
    answer ??= { text: DEFAULT_TRANSCRIPT };
    while ('delayMs' in answer) {
      if (!(await delay(res, answer.delayMs))) return;
      answer = answer.then;
    }
    if ('status' in answer) return sendError(res, answer);

    const format = recorded.response_format ?? 'json';
    const extra = { 'x-request-id': nextId('req_') };
    if (format === 'text' || format === 'srt' || format === 'vtt') {
      // OpenAI answers these formats as plain text; the SDK then returns a string.
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', ...extra });
      res.end(answer.text);
      return;
    }
    if (format === 'verbose_json') {
      return sendJson(
        res,
        200,
        { task: 'transcribe', language: recorded.language ?? 'indonesian', duration: 1, text: answer.text, segments: [] },
        extra,
      );
    }
    sendJson(res, 200, { text: answer.text }, extra);
  }

  /** Waits ms; resolves false (and stops waiting) if the client hangs up or the server closes. */
  function delay(res: ServerResponse, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const finish = (ok: boolean) => {
        clearTimeout(timer);
        res.off('close', onClose);
        pendingDelays.delete(cancel);
        resolve(ok);
      };
      const timer = setTimeout(() => finish(true), ms);
      const onClose = () => finish(false);
      const cancel = () => finish(false);
      res.on('close', onClose);
      pendingDelays.add(cancel);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    chatRequests: () => requests.filter((r): r is RecordedChatRequest => r.path === '/v1/chat/completions'),
    transcriptionRequests: () => [...transcriptions],
    enqueueChat: (...answers) => void chatQueue.push(...answers),
    enqueueTranscription: (...answers) => void transcriptionQueue.push(...answers),
    setChatHandler: (handler) => void (chatHandler = handler),
    setTranscriptionHandler: (handler) => void (transcriptionHandler = handler),
    reset() {
      // Mutate in place: callers may hold a reference to `requests`.
      requests.length = 0;
      transcriptions.length = 0;
      chatQueue = [];
      transcriptionQueue = [];
      chatHandler = undefined;
      transcriptionHandler = undefined;
    },
    close() {
      for (const cancel of [...pendingDelays]) cancel();
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive sockets from the SDK's fetch would otherwise hold close() open.
        server.closeAllConnections();
      });
    },
  };
}

// ---------------------------------------------------------------------------
// Default chat answer: derived from what the request asks for
// ---------------------------------------------------------------------------

function defaultChatAnswer(body: ChatRequestBody): ChatAnswer {
  const forced = forcedTool(body);
  if (forced) {
    return { toolCall: { name: forced.name, arguments: exampleFromJsonSchema(forced.parameters ?? { type: 'object' }) } };
  }
  const format = body.response_format;
  if (format?.type === 'json_schema' && format.json_schema) {
    return { json: exampleFromJsonSchema(format.json_schema.schema ?? {}) };
  }
  if (format?.type === 'json_object') return { json: {} };
  return { content: DEFAULT_CHAT_TEXT };
}

/** The tool the request forces, via tool_choice {type:'function'} or 'required'. */
function forcedTool(body: ChatRequestBody): { name: string; parameters?: unknown } | undefined {
  const functions = (body.tools ?? []).flatMap((t) => (t.type === 'function' && t.function ? [t.function] : []));
  const choice = body.tool_choice;
  if (choice && typeof choice === 'object') {
    const name = (choice as { function?: { name?: string } }).function?.name;
    return functions.find((f) => f.name === name);
  }
  if (choice === 'required') return functions[0];
  return undefined;
}

// ---------------------------------------------------------------------------
// Minimal valid instance of a JSON schema
// ---------------------------------------------------------------------------

type Schema = Record<string, unknown>;

// Beyond this depth recursive schemas stop growing: nullable -> null, arrays -> minItems.
const MAX_DEPTH = 6;

/**
 * Builds a small value that validates against `schema` (the subset OpenAI's
 * strict structured outputs and `z.toJSONSchema` produce). Strings look like
 * short Indonesian text so logs and snapshots read naturally.
 * `pattern` is not honoured, except via `format`.
 */
export function exampleFromJsonSchema(schema: unknown): unknown {
  return walk(schema, schema, 0, undefined);
}

function walk(node: unknown, root: unknown, depth: number, key: string | undefined): unknown {
  if (node === true || node === undefined) return placeholderString(key);
  if (!isObject(node)) return null;
  if (typeof node['$ref'] === 'string') return walk(resolveRef(node['$ref'], root), root, depth + 1, key);
  if ('const' in node) return node['const'];
  if (Array.isArray(node['enum']) && node['enum'].length > 0) return node['enum'][0];

  for (const combiner of ['anyOf', 'oneOf'] as const) {
    const branches = node[combiner];
    if (Array.isArray(branches) && branches.length > 0) {
      const nonNull = branches.find((b) => !isNullSchema(b, root));
      // Deep in a recursive schema, prefer null when it is allowed, so generation ends.
      const pick = depth >= MAX_DEPTH && nonNull !== branches[0] ? branches[0] : (nonNull ?? branches[0]);
      return walk(pick, root, depth + 1, key);
    }
  }
  if (Array.isArray(node['allOf'])) {
    // Merge object branches; otherwise the first branch decides.
    const parts = node['allOf'].map((b) => walk(b, root, depth + 1, key));
    return parts.every(isObject) ? Object.assign({}, ...parts) : parts[0];
  }

  let type = node['type'];
  if (Array.isArray(type)) {
    const nonNull = type.filter((t) => t !== 'null');
    type = depth >= MAX_DEPTH && type.includes('null') ? 'null' : (nonNull[0] ?? 'null');
  }
  if (type === undefined) {
    if (isObject(node['properties'])) type = 'object';
    else if ('items' in node || 'prefixItems' in node) type = 'array';
  }

  switch (type) {
    case 'object':
      return exampleObject(node, root, depth);
    case 'array':
      return exampleArray(node, root, depth, key);
    case 'string':
      return exampleString(node, key);
    case 'integer':
    case 'number':
      return exampleNumber(node, type === 'integer');
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return placeholderString(key); // `{}` accepts anything
  }
}

function exampleObject(node: Schema, root: unknown, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const properties = isObject(node['properties']) ? node['properties'] : {};
  for (const [name, prop] of Object.entries(properties)) out[name] = walk(prop, root, depth + 1, name);
  // A required name without a property schema accepts anything.
  const required = Array.isArray(node['required']) ? node['required'] : [];
  for (const name of required) if (typeof name === 'string' && !(name in out)) out[name] = placeholderString(name);
  return out;
}

function exampleArray(node: Schema, root: unknown, depth: number, key: string | undefined): unknown[] {
  const minItems = typeof node['minItems'] === 'number' ? node['minItems'] : 0;
  const maxItems = typeof node['maxItems'] === 'number' ? node['maxItems'] : Infinity;
  // One item shows the shape; more only when minItems asks; none when recursion runs deep.
  const count = Math.min(Math.max(minItems, depth >= MAX_DEPTH ? 0 : 1), maxItems);
  const prefix = Array.isArray(node['prefixItems']) ? node['prefixItems'] : [];
  const items: unknown[] = [];
  for (let i = 0; i < Math.max(count, prefix.length); i++) {
    const itemSchema = i < prefix.length ? prefix[i] : Array.isArray(node['items']) ? node['items'][i] : node['items'];
    items.push(walk(itemSchema, root, depth + 1, key));
  }
  return items;
}

const FORMAT_EXAMPLES: Record<string, string> = {
  date: '2024-05-17',
  'date-time': '2024-05-17T09:30:00Z',
  time: '09:30:00',
  email: 'humas@example.go.id',
  uri: 'https://example.go.id/berita/contoh',
  url: 'https://example.go.id/berita/contoh',
  uuid: '3f1c2a9e-5b7d-4c8e-9a1f-2b3c4d5e6f70',
  hostname: 'example.go.id',
  ipv4: '127.0.0.1',
  ipv6: '::1',
  duration: 'PT1H',
};

function exampleString(node: Schema, key: string | undefined): string {
  const format = typeof node['format'] === 'string' ? FORMAT_EXAMPLES[node['format']] : undefined;
  if (format) return format;
  let text = placeholderString(key);
  const minLength = typeof node['minLength'] === 'number' ? node['minLength'] : 0;
  const maxLength = typeof node['maxLength'] === 'number' ? node['maxLength'] : Infinity;
  if (text.length < minLength) text = `${text}${' contoh'.repeat(minLength)}`.slice(0, minLength);
  return text.slice(0, maxLength);
}

function exampleNumber(node: Schema, integer: boolean): number {
  const num = (k: string) => (typeof node[k] === 'number' ? (node[k] as number) : undefined);
  const step = integer ? 1 : 0.5;
  let value = 1;
  const min = num('minimum');
  const exclusiveMin = num('exclusiveMinimum');
  if (min !== undefined) value = min;
  if (exclusiveMin !== undefined) value = exclusiveMin + step;
  const max = num('maximum');
  const exclusiveMax = num('exclusiveMaximum');
  if (max !== undefined && value > max) value = max;
  if (exclusiveMax !== undefined && value >= exclusiveMax) value = exclusiveMax - step;
  const multipleOf = num('multipleOf');
  if (multipleOf) value = Math.ceil(value / multipleOf) * multipleOf;
  return integer ? Math.ceil(value) : value;
}

/** 'contoh judul' for a property named 'judul'; a generic phrase otherwise. */
function placeholderString(key: string | undefined): string {
  return key ? `contoh ${key}` : 'contoh teks';
}

function isNullSchema(node: unknown, root: unknown): boolean {
  if (isObject(node) && typeof node['$ref'] === 'string') node = resolveRef(node['$ref'], root);
  return isObject(node) && (node['type'] === 'null' || (Array.isArray(node['type']) && node['type'].every((t) => t === 'null')));
}

/** Resolves local refs: '#', '#/$defs/X', '#/definitions/X', any '#/a/b' JSON pointer. */
function resolveRef(ref: string, root: unknown): unknown {
  if (!ref.startsWith('#')) throw new Error(`fake-openai: only local $ref is supported, got ${ref}`);
  let node: unknown = root;
  for (const raw of ref.slice(1).split('/').filter(Boolean)) {
    const segment = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    node = isObject(node) ? node[segment] : undefined;
  }
  if (node === undefined) throw new Error(`fake-openai: unresolved $ref ${ref}`);
  return node;
}

function isObject(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------
// HTTP helpers
// ---------------------------------------------------------------------------

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(payload)),
    ...headers,
  });
  res.end(payload);
}

// type/code pairs as OpenAI sends them for each status.
const ERROR_KINDS: Record<number, { type: string; code: string | null; message: string }> = {
  400: { type: 'invalid_request_error', code: null, message: 'Invalid request.' },
  401: { type: 'invalid_request_error', code: 'invalid_api_key', message: 'Incorrect API key provided.' },
  403: { type: 'invalid_request_error', code: 'unsupported_country_region_territory', message: 'Forbidden.' },
  404: { type: 'invalid_request_error', code: 'unknown_url', message: 'Not found.' },
  429: { type: 'requests', code: 'rate_limit_exceeded', message: 'Rate limit reached for requests. Please try again later.' },
  500: { type: 'server_error', code: null, message: 'The server had an error while processing your request. Sorry about that!' },
  503: { type: 'server_error', code: null, message: 'The engine is currently overloaded, please try again later.' },
};

function sendError(res: ServerResponse, answer: ErrorAnswer, message?: string, code?: string): void {
  const kind = ERROR_KINDS[answer.status] ?? {
    type: answer.status >= 500 ? 'server_error' : 'invalid_request_error',
    code: null,
    message: `Fake error ${answer.status}.`,
  };
  const body = answer.body ?? {
    error: { message: message ?? kind.message, type: kind.type, param: null, code: code ?? kind.code },
  };
  sendJson(res, answer.status, body, answer.headers);
}

// ---------------------------------------------------------------------------
// multipart/form-data
// ---------------------------------------------------------------------------

interface MultipartFile {
  name: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

interface MultipartForm {
  fields: Record<string, string>;
  files: MultipartFile[];
}

function summarizeFile(file: MultipartFile): Omit<UploadedFile, 'bytes'> {
  return {
    filename: file.filename,
    contentType: file.contentType,
    size: file.data.length,
    sha256: createHash('sha256').update(file.data).digest('hex'),
  };
}

/** A small RFC 7578 parser: enough for what fetch's FormData serializer sends. */
function parseMultipart(raw: Buffer, contentType: string): MultipartForm {
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) throw new HttpError(400, 'multipart/form-data without a boundary');
  const delimiter = Buffer.from(`--${boundary}`);
  const form: MultipartForm = { fields: {}, files: [] };

  let pos = raw.indexOf(delimiter);
  if (pos < 0) throw new HttpError(400, 'multipart body without its boundary');
  for (;;) {
    pos += delimiter.length;
    if (raw.subarray(pos, pos + 2).toString() === '--') break; // closing delimiter
    pos += 2; // CRLF after the delimiter
    const headerEnd = raw.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) throw new HttpError(400, 'malformed multipart part headers');
    const headers = parsePartHeaders(raw.subarray(pos, headerEnd).toString('utf8'));
    const dataStart = headerEnd + 4;
    // The part's data ends with CRLF right before the next delimiter.
    const next = raw.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), dataStart);
    if (next < 0) throw new HttpError(400, 'unterminated multipart part');
    const data = raw.subarray(dataStart, next);

    const disposition = headers['content-disposition'] ?? '';
    const name = dispositionParam(disposition, 'name') ?? '';
    const filename = dispositionParam(disposition, 'filename');
    if (filename !== undefined) {
      form.files.push({
        name,
        filename,
        contentType: headers['content-type'] ?? 'application/octet-stream',
        data: Buffer.from(data), // copy: don't pin the whole request buffer
      });
    } else {
      form.fields[name] = data.toString('utf8');
    }
    pos = next + 2; // skip the CRLF; the loop then skips the delimiter
  }
  return form;
}

function parsePartHeaders(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) out[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return out;
}

function dispositionParam(disposition: string, param: string): string | undefined {
  // `(?:^|;)\s*` so that 'name' does not match inside 'filename'.
  const match = new RegExp(`(?:^|;)\\s*${param}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(disposition);
  if (match?.[1] === undefined) return undefined;
  // Browsers and undici percent-encode quotes and newlines in names.
  return match[1].replace(/%22/g, '"').replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/\\(.)/g, '$1');
}
