import { addEditor } from '../../pipeline/add-editor.js';
import { listEditors } from '../../pipeline/list-editors.js';
import { removeEditor } from '../../pipeline/remove-editor.js';
import { maskPhone } from '../../domain/phone.js';
import type { Editor } from '../../domain/records.js';
import { parseFlags, parsePositiveInt, UsageError, type CliCommand } from '../cli-context.js';

const addUsage = 'warta editor add (--telegram USER_ID | --whatsapp PHONE) [--name NAME] [--json]';

function describe(editor: Editor): string {
  const channel = editor.telegramUserId ? `telegram ${editor.telegramUserId}` : `whatsapp ${maskPhone(editor.whatsappPhone ?? '')}`;
  return `${String(editor.id).padStart(4)}  ${editor.name ?? '(no name)'}  ${channel}${editor.active ? '' : '  [removed]'}`;
}

function toJson(editor: Editor) {
  return {
    id: editor.id,
    name: editor.name,
    telegramUserId: editor.telegramUserId,
    whatsappPhone: editor.whatsappPhone,
    active: editor.active,
  };
}

export const editorCommand: CliCommand = async ([sub, ...args], context) => {
  if (sub === 'add') {
    const { values } = parseFlags(args, { telegram: { type: 'string' }, whatsapp: { type: 'string' }, name: { type: 'string' } }, addUsage);
    if (!values.telegram && !values.whatsapp) throw new UsageError(`--telegram or --whatsapp is required.\nUsage: ${addUsage}`);
    const { editor, created } = await addEditor(context, {
      telegramUserId: values.telegram,
      whatsappPhone: values.whatsapp,
      name: values.name,
    });
    return { json: { ...toJson(editor), created }, text: `${created ? 'Editor added' : 'Editor already known, now active'}:\n${describe(editor)}` };
  }
  if (sub === 'list') {
    const { values } = parseFlags(args, { all: { type: 'boolean' } }, 'warta editor list [--all] [--json]');
    const editors = await listEditors(context, { includeInactive: values.all === true });
    return {
      json: editors.map(toJson),
      text: editors.length === 0 ? 'No editors yet. Add one with: warta editor add --telegram USER_ID' : editors.map(describe).join('\n'),
    };
  }
  if (sub === 'remove') {
    const usage = 'warta editor remove ID [--json]';
    const { positionals } = parseFlags(args, {}, usage);
    if (positionals.length !== 1) throw new UsageError(`Give one editor id.\nUsage: ${usage}`);
    const editor = await removeEditor(context, parsePositiveInt(positionals[0]!, 'ID'));
    return { json: toJson(editor), text: `Editor removed:\n${describe(editor)}` };
  }
  throw new UsageError(`Unknown editor command "${sub ?? ''}". Use: editor add | editor list | editor remove`);
};
