// A real, throw-away WordPress for integration tests: Debian's `wordpress`
// package copied into a temp docroot with its own wp-config.php (Debian's
// config reads /etc/wordpress/config-<host>.php, which we leave alone), a fresh
// database in the local MariaDB, PHP's built-in web server, and an application
// password made directly through WordPress's PHP API. Nothing outside the temp
// directory and the database is touched; stop() removes both.
//
// Needs (CI installs them):  apt-get install -y --no-install-recommends wordpress php-cli php-mysql
// and MariaDB/MySQL on WP_TEST_DB_HOST:WP_TEST_DB_PORT (default 127.0.0.1:3306, root, empty password).
import { spawn, execFile } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const wordpressSource = process.env.WP_TEST_SOURCE ?? '/usr/share/wordpress';
const db = {
  host: process.env.WP_TEST_DB_HOST ?? '127.0.0.1',
  port: Number(process.env.WP_TEST_DB_PORT ?? 3306),
  user: process.env.WP_TEST_DB_USER ?? 'root',
  password: process.env.WP_TEST_DB_PASSWORD ?? '',
};

const installHint =
  'Install it with: apt-get update && apt-get install -y --no-install-recommends wordpress php-cli php-mysql ' +
  '(the CI script .ci/run does this).';

export interface RealWordPress {
  /** e.g. http://127.0.0.1:41234 */
  baseUrl: string;
  user: string;
  appPassword: string;
  /** What the setup took, for the report. */
  setupMs: number;
  /** The PHP server's recent stderr (requests and PHP errors), to explain a failure. */
  serverLog(): string;
  stop(): Promise<void>;
}

/** Fails with a message saying what to install when WordPress, PHP or the database are missing. */
async function preflight(): Promise<void> {
  if (!existsSync(join(wordpressSource, 'wp-settings.php'))) {
    throw new Error(`WordPress is not installed: ${wordpressSource}/wp-settings.php is missing. ${installHint}`);
  }
  try {
    const { stdout } = await run('php', ['-r', 'echo extension_loaded("mysqli") ? "yes" : "no";']);
    if (stdout.trim() !== 'yes') throw new Error(`PHP has no mysqli extension. ${installHint}`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`PHP (php-cli) is not installed. ${installHint}`);
    throw error;
  }
}

/** Runs PHP code with the database credentials in the environment (never on a command line to quote). */
async function php(code: string, env: Record<string, string> = {}, cwd?: string): Promise<string> {
  const { stdout } = await run('php', ['-d', 'display_errors=stderr', '-r', code], {
    cwd,
    env: {
      ...process.env,
      WP_DB_HOST: db.host,
      WP_DB_PORT: String(db.port),
      WP_DB_USER: db.user,
      WP_DB_PASSWORD: db.password,
      ...env,
    },
    timeout: 60_000,
  });
  return stdout;
}

const connect =
  'mysqli_report(MYSQLI_REPORT_OFF); $m = @new mysqli(getenv("WP_DB_HOST"), getenv("WP_DB_USER"), getenv("WP_DB_PASSWORD"), "", (int) getenv("WP_DB_PORT"));' +
  'if ($m->connect_errno) { fwrite(STDERR, "database: " . $m->connect_error); exit(3); }';

async function createDatabase(name: string): Promise<void> {
  try {
    await php(`${connect} if (!$m->query("CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")) { fwrite(STDERR, $m->error); exit(4); }`);
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '');
    throw new Error(
      `Could not create the WordPress test database on ${db.host}:${db.port} as ${db.user}: ${stderr.trim() || String(error)}. ` +
        'Is MariaDB running? (start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd)',
    );
  }
}

async function dropDatabase(name: string): Promise<void> {
  await php(`${connect} $m->query("DROP DATABASE IF EXISTS \`${name}\`");`);
}

/** Starts `php -S` on a port the OS picks and returns it once the server says it listens. */
async function startPhpServer(docroot: string, log: string[]): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn('php', ['-d', 'display_errors=stderr', '-d', 'log_errors=0', '-S', '127.0.0.1:0', '-t', docroot], {
    cwd: docroot,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`php -S did not start in 10 s:\n${log.join('')}`)), 10_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`php -S exited with ${code}:\n${log.join('')}`));
    });
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (text: string) => {
      log.push(text);
      if (log.length > 200) log.splice(0, log.length - 200);
      const match = /Development Server \(http:\/\/127\.0\.0\.1:(\d+)\) started/.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
  });
  return { child, port };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

function wpConfig(options: { dbName: string; siteUrl: string }): string {
  const salt = () => randomBytes(32).toString('hex');
  const keys = ['AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT'];
  return `<?php
// Written by test/helpers/wordpress.ts for one test run.
define('DB_NAME', '${options.dbName}');
define('DB_USER', getenv('WP_DB_USER') !== false ? getenv('WP_DB_USER') : ${JSON.stringify(db.user)});
define('DB_PASSWORD', getenv('WP_DB_PASSWORD') !== false ? getenv('WP_DB_PASSWORD') : ${JSON.stringify(db.password)});
define('DB_HOST', ${JSON.stringify(`${db.host}:${db.port}`)});
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
${keys.map((key) => `define('${key}', '${salt()}');`).join('\n')}
$table_prefix = 'wp_';
define('WP_HOME', '${options.siteUrl}');
define('WP_SITEURL', '${options.siteUrl}');
// Application passwords need HTTPS, except on a 'local' environment.
define('WP_ENVIRONMENT_TYPE', 'local');
define('WP_DEBUG', false);
// No internet here: no cron loopbacks, update checks or outside requests.
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('FS_METHOD', 'direct');
if (!defined('ABSPATH')) define('ABSPATH', __DIR__ . '/');
require_once ABSPATH . 'wp-settings.php';
`;
}

// Installs the site and makes an application password, through WordPress's own PHP API
// (what wp-cli does): no install form, cookies or nonces.
const installScript = `
define('WP_INSTALLING', true);
$_SERVER['HTTP_HOST'] = parse_url(getenv('WP_SITE_URL'), PHP_URL_HOST) . ':' . parse_url(getenv('WP_SITE_URL'), PHP_URL_PORT);
$_SERVER['REQUEST_URI'] = '/';
require getenv('WP_ROOT') . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
$installed = wp_install('Warta test', getenv('WP_ADMIN_USER'), 'admin@example.test', false, '', getenv('WP_ADMIN_PASSWORD'));
$userId = $installed['user_id'];
// Pretty permalinks, so that /wp-json/ works as well as ?rest_route=.
update_option('permalink_structure', '/%postname%/');
$app = WP_Application_Passwords::create_new_application_password($userId, ['name' => 'warta-test']);
if (is_wp_error($app)) { fwrite(STDERR, $app->get_error_message()); exit(5); }
echo json_encode(['userId' => $userId, 'appPassword' => $app[0]]);
`;

/**
 * Starts a fresh WordPress. Throws (never skips) when it cannot, saying what is
 * missing. Call stop() in afterAll; it kills PHP and removes the database and files.
 */
export async function startWordPress(): Promise<RealWordPress> {
  const startedAt = Date.now();
  await preflight();

  const id = randomBytes(4).toString('hex');
  const dbName = `warta_wp_${id}`;
  const dir = await mkdtemp(join(tmpdir(), 'warta-wp-'));
  const docroot = join(dir, 'site');
  const log: string[] = [];
  let child: ChildProcess | null = null;
  let databaseCreated = false;

  const cleanup = async () => {
    if (child) await stopProcess(child);
    if (databaseCreated) await dropDatabase(dbName).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };
  // If the test process dies without afterAll, at least PHP does not outlive it.
  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);

  try {
    await createDatabase(dbName);
    databaseCreated = true;

    // A real copy (≈0.5 s): WordPress finds wp-config.php next to the wp-load.php
    // it runs from, and PHP resolves symlinks, so a symlinked tree would read
    // Debian's config instead of ours.
    await run('cp', ['-a', wordpressSource, docroot]);
    await rm(join(docroot, 'wp-config.php'), { force: true });
    await rm(join(docroot, '.htaccess'), { force: true }); // a symlink into /etc
    await mkdir(join(docroot, 'wp-content', 'uploads'), { recursive: true });

    const server = await startPhpServer(docroot, log);
    child = server.child;
    const baseUrl = `http://127.0.0.1:${server.port}`;
    await writeFile(join(docroot, 'wp-config.php'), wpConfig({ dbName, siteUrl: baseUrl }));

    const user = 'admin';
    const output = await php(installScript, {
      WP_ROOT: docroot,
      WP_SITE_URL: baseUrl,
      WP_ADMIN_USER: user,
      WP_ADMIN_PASSWORD: randomBytes(12).toString('hex'),
    }).catch((error: unknown) => {
      throw new Error(`Installing WordPress failed: ${String((error as { stderr?: unknown }).stderr ?? error)}`);
    });
    const { appPassword } = JSON.parse(output.slice(output.indexOf('{'))) as { appPassword: string };

    return {
      baseUrl,
      user,
      appPassword,
      setupMs: Date.now() - startedAt,
      serverLog: () => log.join(''),
      async stop() {
        process.off('exit', killOnExit);
        await cleanup();
      },
    };
  } catch (error) {
    process.off('exit', killOnExit);
    await cleanup().catch(() => undefined);
    throw error;
  }
}
