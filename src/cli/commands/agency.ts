import { addAgency } from '../../pipeline/add-agency.js';
import { listAgencies } from '../../pipeline/list-agencies.js';
import { telegramLinkFor } from '../telegram-link.js';
import { parseFlags, parsePositiveInt, requireFlag, UsageError, type CliCommand } from '../cli-context.js';

const addUsage = 'warta agency add --name NAME [--quiet-days N] [--contact-name NAME] [--contact-telegram USER_ID] [--contact-phone PHONE] [--json]';

export const agencyCommand: CliCommand = async ([sub, ...args], context) => {
  if (sub === 'add') {
    const { values } = parseFlags(
      args,
      {
        name: { type: 'string' },
        'quiet-days': { type: 'string' },
        'contact-name': { type: 'string' },
        'contact-telegram': { type: 'string' },
        'contact-phone': { type: 'string' },
      },
      addUsage,
    );
    const agency = await addAgency(context, {
      name: requireFlag(values.name, '--name', addUsage),
      quietDays: values['quiet-days'] === undefined ? undefined : parsePositiveInt(values['quiet-days'], '--quiet-days'),
      contactName: values['contact-name'],
      contactTelegramId: values['contact-telegram'],
      contactPhone: values['contact-phone'],
    });
    const telegramLink = await telegramLinkFor(context, agency.inviteCode);
    return {
      json: {
        id: agency.id,
        name: agency.name,
        slug: agency.slug,
        inviteCode: agency.inviteCode,
        quietDays: agency.quietDays,
        telegramLink,
        whatsappJoin: `DAFTAR ${agency.inviteCode}`,
      },
      text: [
        `Agency added: ${agency.name} (id ${agency.id})`,
        `Invite code:   ${agency.inviteCode}`,
        `Telegram link: ${telegramLink ?? '(set TELEGRAM_BOT_USERNAME or TELEGRAM_BOT_TOKEN to get the link)'}`,
        `WhatsApp:      send "DAFTAR ${agency.inviteCode}" to the Warta number`,
      ].join('\n'),
    };
  }
  if (sub === 'list') {
    parseFlags(args, {}, 'warta agency list [--json]');
    const agencies = await listAgencies(context);
    const username = await context.botUsername();
    const rows = agencies.map((a) => ({
      id: a.id,
      name: a.name,
      slug: a.slug,
      inviteCode: a.inviteCode,
      quietDays: a.quietDays,
      contributors: a.contributorCount,
      lastSubmissionAt: a.lastSubmissionAt?.toISOString() ?? null,
      telegramLink: username ? `https://t.me/${username}?start=${a.inviteCode}` : null,
    }));
    const text =
      rows.length === 0
        ? 'No agencies yet. Add one with: warta agency add --name NAME'
        : rows
            .map((r) => `${String(r.id).padStart(4)}  ${r.inviteCode}  ${r.name}  (${r.contributors} contributors, quiet after ${r.quietDays} days, last submission ${r.lastSubmissionAt ?? 'never'})`)
            .join('\n');
    return { json: rows, text };
  }
  throw new UsageError(`Unknown agency command "${sub ?? ''}". Use: agency add | agency list`);
};
