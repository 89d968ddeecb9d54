import type { Command } from 'commander';
import { integer, oneOf, onOff } from '../options';
import { IDENTIFIER_TYPES, LIMITS } from '../../shared/model';

interface SettingOption {
  flags: string;
  parse: (value: string) => unknown;
  /** The help of `connector add` (which says the default) and of `connector edit`. */
  help: { add: string; edit: string };
}

/** A connector's settings as options: one list for `connector add` and `connector edit`, each parsed the same way. */
const SETTINGS: SettingOption[] = [
  {
    flags: '--identifier <type>',
    parse: oneOf('--identifier', IDENTIFIER_TYPES),
    help: { add: 'customer-id (CLANG_ID) or hashed-email (HASHED_EMAIL)', edit: 'customer-id (CLANG_ID) or hashed-email (HASHED_EMAIL)' },
  },
  {
    flags: '--partner <number>',
    parse: integer('--partner', 1),
    help: { add: 'custom partner number (default 1020 for customer-id, 1022 for hashed-email)', edit: 'partner number' },
  },
  {
    flags: '--batch-size <n>',
    parse: integer('--batch-size', 1, LIMITS.maxBatchSize),
    help: { add: `profiles per batch, 1 to ${LIMITS.maxBatchSize}`, edit: `profiles per batch, 1 to ${LIMITS.maxBatchSize}` },
  },
  {
    flags: '--interval <minutes>',
    parse: integer('--interval', 1),
    help: { add: 'flush interval in minutes (default 20)', edit: 'flush interval in minutes' },
  },
  {
    flags: '--daily-limit <n>',
    parse: integer('--daily-limit', 0),
    help: { add: 'requests per day for the brand (default 50000; 0 = unlimited, Webhook Pro)', edit: 'requests per day for the brand (0 = unlimited, Webhook Pro)' },
  },
  {
    flags: '--auth <mode>',
    parse: oneOf('--auth', ['query', 'bearer'] as const),
    help: { add: 'query (?token=, default) or bearer (Authorization: Bearer)', edit: 'query (?token=) or bearer (Authorization: Bearer)' },
  },
  {
    flags: '--cron <expression>',
    parse: (value) => value,
    help: { add: 'fixed send times as a cron expression, Europe/Amsterdam time', edit: "fixed send times as a cron expression, Europe/Amsterdam time ('' removes them)" },
  },
  {
    flags: '--hold-for-review <on|off>',
    parse: onOff('--hold-for-review'),
    help: { add: "imports' changes wait for `release --connector N` (default off)", edit: "on: imports' changes wait for `release --connector N`; off: new ones are sent as usual" },
  },
];

/** Adds the settings' options to `connector add` or `connector edit`; add starts with customer-id. */
export function withSettingOptions(command: Command, mode: 'add' | 'edit'): Command {
  for (const setting of SETTINGS) {
    if (mode === 'add' && setting.flags.startsWith('--identifier ')) command.option(setting.flags, setting.help.add, setting.parse, 'customer-id');
    else command.option(setting.flags, setting.help[mode], setting.parse);
  }
  return command;
}
