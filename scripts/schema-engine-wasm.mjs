#!/usr/bin/env node
// A stand-in for Prisma's native `schema-engine` binary, for machines that cannot
// download it (Prisma fetches it from its own host; air-gapped servers cannot).
// scripts/prisma.mjs points PRISMA_SCHEMA_ENGINE_BINARY here when no native binary
// is installed. The Prisma CLI then runs this script exactly as it runs the binary:
//
//   schema-engine-wasm.mjs --version
//   schema-engine-wasm.mjs --datasource '{"url":...}' cli can-connect-to-database
//   schema-engine-wasm.mjs --datamodels prisma/schema.prisma --datasource '{"url":...}'
//
// The last form is a JSON-RPC 2.0 session: one request per line on stdin, one
// response per line on stdout, JSON log lines on stderr. Each request is answered
// by the same-named method of the WebAssembly build of the engine
// (@prisma/schema-engine-wasm), which reaches Postgres through @prisma/adapter-pg.
// Only PostgreSQL is supported.

import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import readline from 'node:readline';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';

const require = createRequire(import.meta.url);
// pg-connection-string is pg's own URL parser; resolve it from pg so we use the same copy.
const { parse: parseConnectionString } = createRequire(require.resolve('pg'))('pg-connection-string');

const wasmGlue = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
const wasmDir = path.dirname(wasmGlue);
// "7.10.0-4.<commit>": the commit is what the native binary reports as its version.
const ENGINE_COMMIT = JSON.parse(readFileSync(path.join(wasmDir, 'package.json'), 'utf8')).version.split('.').at(-1);

// ---------------------------------------------------------------------------
// Logging in the native engine's format: the CLI parses stderr lines as JSON
// and looks for {level: "ERROR", target: "schema_engine::logger", fields: {...}}.

function log(level, message, target = 'schema_engine', fields = {}) {
  const line = { timestamp: new Date().toISOString(), level, fields: { message, ...fields }, target };
  process.stderr.write(`${JSON.stringify(line)}\n`);
}

// ---------------------------------------------------------------------------
// Connection settings

function parseDatabaseUrl(url) {
  const { schema, sslmode: _sslmode, ...rest } = parseConnectionString(url);
  // Discrete fields, not a connection string: the shadow database is reached by
  // overriding `database`, and pg ignores that override when a connectionString is set.
  const config = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== '' && v !== undefined && v !== null));
  return { config, schema: schema || undefined };
}

function serverLocation(config) {
  return config.port ? `${config.host ?? 'localhost'}:${config.port}` : `${config.host ?? 'localhost'}`;
}

function quoteIdent(name) {
  return `"${String(name).replaceAll('"', '""')}"`;
}

async function withClient(config, fn) {
  const client = new pg.Client(config);
  client.on('error', () => {}); // a dropped connection surfaces through the query that is running
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

// The native engine creates databases from the server's `postgres` database,
// falling back to `template1`.
async function withMaintenanceClient(config, fn) {
  try {
    return await withClient({ ...config, database: 'postgres' }, fn);
  } catch (err) {
    if (err?.code !== '3D000') throw err;
    return withClient({ ...config, database: 'template1' }, fn);
  }
}

async function createDatabase(url) {
  const { config } = parseDatabaseUrl(url);
  const name = config.database ?? 'postgres';
  await withMaintenanceClient(config, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
  return name;
}

async function dropDatabase(url) {
  const { config } = parseDatabaseUrl(url);
  await withMaintenanceClient(config, (c) => c.query(`DROP DATABASE ${quoteIdent(config.database)}`));
}

// Connection failures in the engine's user-facing codes; `prisma migrate` creates
// a missing database only when it sees P1003.
function connectionError(err, url) {
  const { config } = parseDatabaseUrl(url);
  const at = serverLocation(config);
  switch (err?.code) {
    case '3D000':
      return { code: 'P1003', message: `Database \`${config.database}\` does not exist on the database server at \`${at}\`.` };
    case '42P04':
      return { code: 'P1009', message: `Database \`${config.database}\` already exists on the database server at \`${at}\`` };
    case '28P01':
    case '28000':
      return {
        code: 'P1000',
        message: `Authentication failed against database server, the provided database credentials for \`${config.user ?? ''}\` are not valid.\n\nPlease make sure to provide valid database credentials for the database server at \`${at}\`.`,
      };
    case '42501':
      return { code: 'P1010', message: `User \`${config.user ?? ''}\` was denied access on the database \`${config.database}\`` };
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EHOSTUNREACH':
    case 'ETIMEDOUT':
    case 'ENOENT':
      return { code: 'P1001', message: `Can't reach database server at \`${at}\`\n\nPlease make sure your database server is running at \`${at}\`.` };
    default:
      return { code: undefined, message: String(err?.message ?? err) };
  }
}

// ---------------------------------------------------------------------------
// `cli <command>`: one-shot commands; errors go to stderr, exit code 1.

async function runCliCommand(command, url) {
  // The CLI ignores the first stderr line of a failed command: make it a harmless one.
  log('INFO', `Starting schema engine CLI (wasm shim) for ${command}`);
  try {
    if (!url) throw new Error('No datasource URL given (--datasource {"url": ...}).');
    switch (command) {
      case 'can-connect-to-database':
        await withClient(parseDatabaseUrl(url).config, (c) => c.query('SELECT 1'));
        break;
      case 'create-database':
        await createDatabase(url);
        break;
      case 'drop-database':
        await dropDatabase(url);
        break;
      default:
        throw new Error(`Unknown cli command: ${command}`);
    }
    return 0;
  } catch (err) {
    const { code, message } = url ? connectionError(err, url) : { code: undefined, message: err.message };
    log('ERROR', message, 'schema_engine::logger', code ? { error_code: code } : {});
    return 1;
  }
}

// ---------------------------------------------------------------------------
// The driver adapter handed to the Wasm engine.

// adapter-pg cannot map Postgres's internal "char" type (OID 18), which the schema
// describer reads from pg_catalog. Its values are plain one-letter strings, so
// report such columns as text (OID 25).
function charAsText(result) {
  for (const r of Array.isArray(result) ? result : [result]) {
    for (const field of r?.fields ?? []) if (field.dataTypeID === 18) field.dataTypeID = 25;
  }
  return result;
}

class CharAsTextClient extends pg.Client {
  query(config, values, callback) {
    if (typeof callback === 'function') {
      return super.query(config, values, (err, res) => callback(err, err ? res : charAsText(res)));
    }
    if (typeof values === 'function') {
      return super.query(config, (err, res) => values(err, err ? res : charAsText(res)));
    }
    const ret = super.query(config, values);
    return typeof ret?.then === 'function' ? ret.then(charAsText) : ret;
  }
}

// Pending shadow-database drops and pools to close before this process exits
// (the CLI kills the engine as soon as it is done with it).
const cleanups = new Set();
const openAdapters = new Set();

function track(promise) {
  cleanups.add(promise);
  promise.finally(() => cleanups.delete(promise)).catch(() => {});
  return promise;
}

function prepareAdapter(adapter) {
  openAdapters.add(adapter);
  // adapter-pg splits scripts on ";", which breaks DO blocks and string literals.
  // Send a script as one simple query, as the native engine does.
  adapter.executeScript = async (script) => {
    try {
      await adapter.underlyingDriver().query(script);
    } catch (err) {
      adapter.onError(err);
    }
  };
  const dispose = adapter.dispose.bind(adapter);
  adapter.dispose = () => {
    openAdapters.delete(adapter);
    return track(dispose());
  };
  return adapter;
}

function createAdapterFactory({ url, shadowDatabaseUrl }) {
  const main = parseDatabaseUrl(url);
  const pgFactory = (config, schema) => new PrismaPg({ ...config, Client: CharAsTextClient }, { schema });
  const mainFactory = pgFactory(main.config, main.schema);

  return bindMigrationAwareSqlAdapterFactory({
    provider: mainFactory.provider,
    adapterName: mainFactory.adapterName,
    connect: async () => prepareAdapter(await mainFactory.connect()),
    async connectToShadowDb() {
      if (shadowDatabaseUrl) {
        const shadow = parseDatabaseUrl(shadowDatabaseUrl);
        return prepareAdapter(await pgFactory(shadow.config, shadow.schema).connect());
      }
      // A throwaway database next to the main one (the role needs CREATEDB).
      const name = `prisma_migrate_shadow_db_${randomUUID()}`;
      await withClient(main.config, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
      const adapter = prepareAdapter(await pgFactory({ ...main.config, database: name }, main.schema).connect());
      const closePool = adapter.dispose;
      adapter.dispose = () =>
        track(
          (async () => {
            // Close the shadow pool first: Postgres refuses to drop a database that has sessions.
            await closePool();
            await withClient(main.config, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`));
          })(),
        );
      return adapter;
    },
  });
}

// ---------------------------------------------------------------------------
// The Wasm engine

let panicMessage = '';
// The engine's panic hook reports the reason here; without it a panic is only "unreachable".
globalThis.PRISMA_WASM_PANIC_REGISTRY = {
  set_message(message) {
    panicMessage = `RuntimeError: ${message}`;
  },
};

async function loadSchemaEngine() {
  // The package imports its .wasm as an ES module, which Node 20 cannot do without a
  // flag: load the JS glue and instantiate the module by hand.
  const glue = await import('@prisma/schema-engine-wasm/schema_engine_bg');
  const bytes = readFileSync(path.join(wasmDir, 'schema_engine_bg.wasm'));
  const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': glue });
  glue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return glue.SchemaEngine;
}

async function createEngine({ datamodels, datasource }) {
  if (!datasource.url) throw new Error('No datasource URL: set datasource.url in prisma.config.ts.');
  const SchemaEngine = await loadSchemaEngine();
  const adapterFactory = createAdapterFactory(datasource);
  const files = datamodels.map((file) => [file, readFileSync(path.resolve(file), 'utf8')]);
  // The engine logs JSON lines, in the same format as the native binary's stderr.
  const onLog = (line) => process.stderr.write(line.endsWith('\n') ? line : `${line}\n`);
  try {
    const engine = await SchemaEngine.new({ datamodels: files.length > 0 ? files : undefined }, onLog, adapterFactory);
    return { engine, adapterFactory };
  } catch (err) {
    throw withJsCause(err, adapterFactory);
  }
}

// Errors thrown inside the adapter reach us as { kind: "GenericJs", id }: swap in
// the original JS error so the user sees what went wrong.
function withJsCause(err, adapterFactory) {
  const id = err?.cause?.kind === 'GenericJs' ? err.cause.id : undefined;
  const original = id === undefined ? undefined : adapterFactory.errorRegistry.consumeError(id)?.error;
  return original ?? err;
}

// Requests the engine answers by itself, under the same name.
const ENGINE_METHODS = new Set([
  'applyMigrations',
  'createMigration',
  'dbExecute',
  'debugPanic',
  'devDiagnostic',
  'diagnoseMigrationHistory',
  'diff',
  'ensureConnectionValidity',
  'evaluateDataLoss',
  'introspect',
  'introspectSql',
  'markMigrationApplied',
  'markMigrationRolledBack',
  'reset',
  'schemaPush',
]);

class RpcError extends Error {
  constructor(code, message) {
    super(message);
    this.rpcCode = code;
  }
}

function toRpcError(err) {
  if (err instanceof RpcError) return { code: err.rpcCode, message: err.message };
  if (err instanceof WebAssembly.RuntimeError) {
    const message = panicMessage || String(err.message);
    return { code: -32000, message, data: { is_panic: true, message, backtrace: err.stack ?? null } };
  }
  const message = String(err?.message ?? err);
  const data = { is_panic: false, message };
  // Known errors carry a Prisma error code (P3005, ...): the CLI prints it as such.
  if (typeof err?.code === 'string' && /^P\d{4}$/.test(err.code)) {
    data.error_code = err.code;
    data.meta = err.meta ?? null;
  }
  return { code: 4466, message: 'An error happened. Check the data field for details.', data };
}

// ---------------------------------------------------------------------------
// The JSON-RPC session

function serveJsonRpc(options) {
  const send = (msg) => process.stdout.write(`${JSON.stringify(msg)}\n`);
  let enginePromise;
  const engine = () => (enginePromise ??= createEngine(options));

  // The native engine prints `diff` output by asking the CLI to: a `print` request.
  const printAcks = new Map();
  let printId = 0;
  const print = (content) =>
    new Promise((resolve) => {
      const id = `print-${++printId}`;
      printAcks.set(id, resolve);
      send({ jsonrpc: '2.0', id, method: 'print', params: { content } });
    });

  async function handle(method, params) {
    if (method === 'createDatabase') {
      const ds = params?.datasource;
      const url = ds?.tag === 'ConnectionString' ? ds.url : options.datasource.url;
      return { databaseName: await createDatabase(url) };
    }
    if (method !== 'getDatabaseVersion' && !ENGINE_METHODS.has(method)) {
      throw new RpcError(-32601, `Method not found: ${method}`);
    }
    const { engine: e, adapterFactory } = await engine();
    try {
      // Call through the object: the Wasm methods need `this`.
      if (method === 'getDatabaseVersion') return await e.version();
      if (method === 'diff') {
        const result = await e.diff(params);
        if (result.stdout) await print(result.stdout.replace(/\n$/, ''));
        return { ...result, stdout: null };
      }
      return await e[method](params);
    } catch (err) {
      throw withJsCause(err, adapterFactory);
    }
  }

  let queue = Promise.resolve();
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  rl.on('line', (line) => {
    if (!line.trim()) return;
    let msg;
    try {
      msg = JSON.parse(line);
    } catch {
      send({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
      return;
    }
    if (msg.method === undefined) {
      // The CLI's answer to one of our `print` requests.
      printAcks.get(msg.id)?.();
      printAcks.delete(msg.id);
      return;
    }
    // One request at a time: the engine's methods take `&mut self`.
    queue = queue.then(async () => {
      let reply;
      try {
        reply = { result: (await handle(msg.method, msg.params)) ?? null };
      } catch (err) {
        reply = { error: toRpcError(err) };
      }
      if (msg.id !== undefined) send({ jsonrpc: '2.0', id: msg.id, ...reply });
      // After a panic the Wasm instance is unusable; the native binary exits with 101.
      if (reply.error?.data?.is_panic) await shutdown(101);
    });
  });
  rl.on('close', () => queue.then(() => shutdown(0)));
  // The CLI ends stdin and kills the engine at once: finish dropping shadow databases first.
  process.on('SIGTERM', () => shutdown(0));
  process.on('SIGINT', () => shutdown(130));
}

let shuttingDown = false;
async function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  await Promise.allSettled([...openAdapters].map((a) => a.dispose()));
  await Promise.allSettled([...cleanups]);
  process.exit(code);
}

// ---------------------------------------------------------------------------
// Arguments, as the native binary takes them

function parseArgs(argv) {
  const opts = { version: false, datamodels: [], datasource: {}, cli: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--version' || arg === '-V') opts.version = true;
    else if (arg === '--datamodels' || arg === '-d') opts.datamodels.push(argv[++i]);
    else if (arg === '--datasource') opts.datasource = JSON.parse(argv[++i]);
    else if (arg === 'cli') opts.cli = argv[++i];
    else if (arg.startsWith('--') && !arg.includes('=')) i++; // --enabled-preview-features, --extension-types: not used here
  }
  return opts;
}

const options = parseArgs(process.argv.slice(2));
if (options.version) {
  process.stdout.write(`schema-engine-cli ${ENGINE_COMMIT}\n`);
} else if (options.cli) {
  process.exitCode = await runCliCommand(options.cli, options.datasource.url);
} else {
  serveJsonRpc(options);
}
