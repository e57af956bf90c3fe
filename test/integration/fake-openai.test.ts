// Drives the REAL openai SDK against the fake server, so the fake's answers are
// proven to be what the SDK expects (and the SDK's behaviour is pinned down).
import { describe, it, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import { createHash } from 'node:crypto';
import OpenAI, {
  APIConnectionTimeoutError,
  APIError,
  AuthenticationError,
  RateLimitError,
  toFile,
} from 'openai';
// Not re-exported from the package root in openai 6: it lives in 'openai/error'.
import { LengthFinishReasonError } from 'openai/error';
import { zodFunction, zodResponseFormat } from 'openai/helpers/zod';
import { z } from 'zod';
import { exampleFromJsonSchema, startFakeOpenAI } from '../fakes/fake-openai.js';
import type { FakeOpenAI } from '../fakes/fake-openai.js';

// Every property required; absent values as .nullable() (strict structured output).
const NewsItem = z.object({
  judul: z.string().min(5).max(120),
  ringkasan: z.string(),
  kategori: z.enum(['pemerintahan', 'bencana', 'ekonomi']),
  tanggal: z.iso.date().nullable(),
  dibuat: z.iso.datetime(),
  lokasi: z.object({ kota: z.string(), lat: z.number().nullable() }).nullable(),
  narasumber: z.array(z.object({ nama: z.string(), jabatan: z.string().nullable() })).min(1),
  jumlahKorban: z.int().min(0).nullable(),
  mendesak: z.boolean(),
});

const messages = [{ role: 'user' as const, content: 'Banjir di Kota Contoh pagi ini.' }];

describe('fake OpenAI server with the real openai client', () => {
  let fake: FakeOpenAI;
  let client: OpenAI;

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    client = new OpenAI({ apiKey: 'test', baseURL: fake.baseURL, maxRetries: 0 });
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => fake.reset());

  it('parses a structured output generated from the schema the client sent', async () => {
    const completion = await client.chat.completions.parse({
      model: 'gpt-4o-mini',
      messages,
      response_format: zodResponseFormat(NewsItem, 'news_item'),
    });

    const message = completion.choices[0]!.message;
    expect(message.parsed).not.toBeNull();
    // The SDK already validated it with the zod schema; check it again explicitly.
    expect(NewsItem.parse(message.parsed)).toEqual(message.parsed);
    expect(message.parsed!.kategori).toBe('pemerintahan');
    expect(message.parsed!.tanggal).toBe('2024-05-17');
    expect(message.refusal).toBeNull();
    expect(completion.model).toBe('gpt-4o-mini');
    expect(completion.object).toBe('chat.completion');
    expect(completion.usage!.total_tokens).toBe(completion.usage!.prompt_tokens + completion.usage!.completion_tokens);
    expect(completion._request_id).toMatch(/^req_/);

    const [request] = fake.chatRequests();
    expect(fake.chatRequests()).toHaveLength(1);
    expect(request!.body.response_format?.type).toBe('json_schema');
    expect(request!.body.response_format?.json_schema?.name).toBe('news_item');
    expect(request!.body.response_format?.json_schema?.strict).toBe(true);
    expect(request!.headers['authorization']).toBe('Bearer test');
    expect(request!.headers['content-type']).toBe('application/json');
  });

  it('makes parse throw on invalid JSON content', async () => {
    fake.enqueueChat({ content: '{"judul": "Banjir' });
    await expect(
      client.chat.completions.parse({ model: 'gpt-4o-mini', messages, response_format: zodResponseFormat(NewsItem, 'news_item') }),
    ).rejects.toThrow(SyntaxError);
  });

  it('makes parse throw when valid JSON does not match the schema', async () => {
    fake.enqueueChat({ json: { judul: 'x' } });
    await expect(
      client.chat.completions.parse({ model: 'gpt-4o-mini', messages, response_format: zodResponseFormat(NewsItem, 'news_item') }),
    ).rejects.toThrow();
  });

  it('surfaces a refusal with parsed null', async () => {
    fake.enqueueChat({ refusal: 'Maaf, saya tidak dapat membantu.' });
    const completion = await client.chat.completions.parse({
      model: 'gpt-4o-mini',
      messages,
      response_format: zodResponseFormat(NewsItem, 'news_item'),
    });
    const message = completion.choices[0]!.message;
    expect(message.refusal).toBe('Maaf, saya tidak dapat membantu.');
    expect(message.content).toBeNull();
    expect(message.parsed).toBeNull();
  });

  it("throws LengthFinishReasonError from parse on finish_reason 'length'", async () => {
    fake.enqueueChat({ truncated: '{"judul": "Banjir di' });
    await expect(
      client.chat.completions.parse({ model: 'gpt-4o-mini', messages, response_format: zodResponseFormat(NewsItem, 'news_item') }),
    ).rejects.toBeInstanceOf(LengthFinishReasonError);

    // create() does not throw: the caller sees finish_reason itself.
    fake.enqueueChat({ truncated: 'Banjir di' });
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    expect(completion.choices[0]!.finish_reason).toBe('length');
    expect(completion.choices[0]!.message.content).toBe('Banjir di');
  });

  it('answers plain text when no response_format is given, and a handler overrides it', async () => {
    const plain = await client.chat.completions.create({ model: 'gpt-4o', messages });
    expect(plain.choices[0]!.message.content).toMatch(/\S/);
    expect(plain.choices[0]!.finish_reason).toBe('stop');

    fake.setChatHandler((body) => ({ content: `model=${body.model}` }));
    const handled = await client.chat.completions.create({ model: 'gpt-4o', messages });
    expect(handled.choices[0]!.message.content).toBe('model=gpt-4o');
  });

  it('answers a forced tool call with arguments generated from its parameters', async () => {
    const tool = zodFunction({ name: 'simpan_berita', parameters: NewsItem });
    const completion = await client.chat.completions.parse({
      model: 'gpt-4o-mini',
      messages,
      tools: [tool],
      tool_choice: { type: 'function', function: { name: 'simpan_berita' } },
    });
    const choice = completion.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    const call = choice.message.tool_calls![0]!;
    expect(call.type).toBe('function');
    if (call.type !== 'function') throw new Error('expected a function tool call');
    expect(call.function.name).toBe('simpan_berita');
    expect(NewsItem.parse(call.function.parsed_arguments)).toEqual(call.function.parsed_arguments);

    fake.enqueueChat({ toolCall: { name: 'simpan_berita', arguments: '{"bukan": "valid"}' } });
    await expect(
      client.chat.completions.parse({ model: 'gpt-4o-mini', messages, tools: [tool] }),
    ).rejects.toThrow();
  });

  it('is retried by the SDK after a 429 with retry-after: 0', async () => {
    const retrying = new OpenAI({ apiKey: 'test', baseURL: fake.baseURL, maxRetries: 2 });
    fake.enqueueChat({ status: 429, headers: { 'retry-after': '0' } }, { json: { ok: true } });
    const completion = await retrying.chat.completions.create({ model: 'gpt-4o-mini', messages });
    expect(JSON.parse(completion.choices[0]!.message.content!)).toEqual({ ok: true });

    const requests = fake.chatRequests();
    expect(requests).toHaveLength(2);
    // The SDK numbers its attempts in a header (it sends no idempotency key for chat).
    expect(requests.map((r) => r.headers['x-stainless-retry-count'])).toEqual(['0', '1']);
    expect(requests[1]!.body).toEqual(requests[0]!.body);
  });

  it('throws RateLimitError (an APIError) when retries are exhausted', async () => {
    fake.enqueueChat({ status: 429, headers: { 'retry-after': '0' } });
    const error = await client.chat.completions.create({ model: 'gpt-4o-mini', messages }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).code).toBe('rate_limit_exceeded');
  });

  it('throws an APIError with status 500 when maxRetries is 0', async () => {
    fake.enqueueChat({ status: 500 });
    const error = await client.chat.completions.create({ model: 'gpt-4o-mini', messages }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(500);
    expect((error as APIError).type).toBe('server_error');
    expect(fake.chatRequests()).toHaveLength(1);
  });

  it('raises APIConnectionTimeoutError when the answer is slower than the timeout', async () => {
    fake.enqueueChat({ delayMs: 2_000, then: { json: { ok: true } } });
    // The answer comes after 2 s; only the client's own timeout can produce this error.
    await expect(
      client.chat.completions.create({ model: 'gpt-4o-mini', messages }, { timeout: 200 }),
    ).rejects.toBeInstanceOf(APIConnectionTimeoutError);
  });

  it('rejects stream: true with a 400', async () => {
    const error = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages, stream: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(400);
  });

  it('records a multipart transcription upload and returns its text', async () => {
    const audio = Buffer.from('OggS fake voice note bytes \u0000\u0001\u0002\r\n--not-a-boundary', 'binary');
    const transcription = await client.audio.transcriptions.create({
      file: await toFile(audio, 'voice.ogg'),
      model: 'whisper-1',
      language: 'id',
    });
    expect(transcription.text).toBe('transkrip uji');

    const [recorded] = fake.transcriptionRequests();
    expect(recorded!.model).toBe('whisper-1');
    expect(recorded!.language).toBe('id');
    expect(recorded!.file!.filename).toBe('voice.ogg');
    expect(recorded!.file!.size).toBe(audio.length);
    expect(recorded!.file!.sha256).toBe(createHash('sha256').update(audio).digest('hex'));
    expect(recorded!.file!.bytes.equals(audio)).toBe(true);
    expect(recorded!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
  });

  it('answers transcriptions from the queue, the handler, and as plain text', async () => {
    fake.enqueueTranscription({ text: 'dari antrean' });
    fake.setTranscriptionHandler((req) => `ukuran ${req.file!.size}`);
    const file = () => toFile(Buffer.from('abc'), 'voice.ogg');

    const first = await client.audio.transcriptions.create({ file: await file(), model: 'whisper-1' });
    expect(first.text).toBe('dari antrean');
    const second = await client.audio.transcriptions.create({ file: await file(), model: 'whisper-1' });
    expect(second.text).toBe('ukuran 3');
    // response_format 'text' makes the SDK return a bare string.
    const text = await client.audio.transcriptions.create({
      file: await file(),
      model: 'whisper-1',
      response_format: 'text',
      prompt: 'Nama daerah: Kota Contoh',
    });
    expect(text).toBe('ukuran 3');
    expect(fake.transcriptionRequests()[2]!.prompt).toBe('Nama daerah: Kota Contoh');

    fake.enqueueTranscription({ status: 503 });
    const error = await client.audio.transcriptions
      .create({ file: await file(), model: 'whisper-1' })
      .catch((e: unknown) => e);
    expect((error as APIError).status).toBe(503);
  });

  it('lists models', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toContain('whisper-1');
    expect(ids.length).toBeGreaterThanOrEqual(2);
  });
});

describe('fake OpenAI server with an API key', () => {
  it('answers 401 without the right bearer token', async () => {
    const fake = await startFakeOpenAI({ apiKey: 'k' });
    try {
      const wrong = new OpenAI({ apiKey: 'salah', baseURL: fake.baseURL, maxRetries: 0 });
      const error = await wrong.chat.completions.create({ model: 'gpt-4o-mini', messages }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthenticationError);
      expect((error as AuthenticationError).code).toBe('invalid_api_key');

      const right = new OpenAI({ apiKey: 'k', baseURL: fake.baseURL, maxRetries: 0 });
      const ok = await right.chat.completions.create({ model: 'gpt-4o-mini', messages });
      expect(ok.choices[0]!.message.content).toBeTruthy();
    } finally {
      await fake.close();
    }
  });
});

describe('exampleFromJsonSchema', () => {
  it('follows $ref, type arrays, enums, lengths and bounds', () => {
    const schema = {
      $defs: {
        Orang: { type: 'object', properties: { nama: { type: 'string', maxLength: 4 } }, required: ['nama'] },
      },
      type: 'object',
      properties: {
        penulis: { $ref: '#/$defs/Orang' },
        status: { type: ['string', 'null'], enum: ['draf', 'terbit', null] },
        kode: { type: 'string', minLength: 20 },
        skor: { type: 'number', minimum: 2.5 },
        halaman: { type: 'integer', exclusiveMinimum: 3 },
        tag: { type: 'array', items: { type: 'string' }, minItems: 3 },
        pilihan: { oneOf: [{ type: 'null' }, { type: 'boolean' }] },
        waktu: { type: 'string', format: 'date-time' },
      },
      required: ['penulis', 'status', 'kode', 'skor', 'halaman', 'tag', 'pilihan', 'waktu'],
    };
    const value = exampleFromJsonSchema(schema) as Record<string, unknown>;
    expect(value['penulis']).toEqual({ nama: 'cont' });
    expect(value['status']).toBe('draf');
    expect((value['kode'] as string).length).toBe(20);
    expect(value['skor']).toBe(2.5);
    expect(value['halaman']).toBe(4);
    expect(value['tag']).toHaveLength(3);
    expect(value['pilihan']).toBe(true);
    expect(value['waktu']).toBe('2024-05-17T09:30:00Z');
  });

  it('terminates on recursive schemas', () => {
    const Node: z.ZodType<{ nama: string; anak: unknown[] | null }> = z.object({
      nama: z.string(),
      get anak() {
        return z.array(Node).nullable();
      },
    });
    const value = exampleFromJsonSchema(z.toJSONSchema(Node));
    expect(Node.parse(value)).toEqual(value);
  });
});
