import { listContributors } from '../../pipeline/list-contributors.js';
import { maskPhone } from '../../domain/phone.js';
import { parseFlags, parsePositiveInt, UsageError, type CliCommand } from '../cli-context.js';

export const contributorCommand: CliCommand = async ([sub, ...args], context) => {
  if (sub === 'list') {
    const { values } = parseFlags(args, { agency: { type: 'string' } }, 'warta contributor list [--agency ID] [--json]');
    const contributors = await listContributors(context, {
      agencyId: values.agency ? parsePositiveInt(values.agency, '--agency') : undefined,
    });
    const rows = contributors.map((c) => ({
      id: c.id,
      name: c.name,
      role: c.role,
      agencyId: c.agencyId,
      agency: c.agencyName,
      status: c.status,
      channels: c.identities.map((i) => i.channel),
      phone: c.phone,
      createdAt: c.createdAt.toISOString(),
    }));
    const text =
      rows.length === 0
        ? 'No contributors yet. Share an agency invite link (warta agency list).'
        : rows
            .map((r) => `${String(r.id).padStart(4)}  ${r.name}  ${r.agency}  [${r.channels.join(', ') || 'no channel'}]  ${r.phone ? maskPhone(r.phone) : ''}  ${r.status}`)
            .join('\n');
    return { json: rows, text };
  }
  throw new UsageError(`Unknown contributor command "${sub ?? ''}". Use: contributor list`);
};
