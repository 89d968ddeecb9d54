import { Command } from 'commander';
import { resolve } from 'node:path';
import type { Cli } from '../cli';
import { backupTo, restoreBackup } from '../../main/core/maintenance/backup';
import { pruneAll, retentionPolicy } from '../../main/core/maintenance/retention';
import { RETENTION_DAYS } from '../../shared/model';
import { integer } from '../options';

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function register(program: Command, cli: Cli): void {
  program
    .command('backup')
    .description('copy the database, consistently, while Canopy Batch may keep working (into backups/, or --out FILE)')
    .option('--out <file>', 'where to write the backup')
    .action(async (o) => {
      const made = o.out ? await backupTo(cli.engine().db, resolve(o.out)) : await cli.handlers()['backups.create']({});
      cli.print(`Backed up the database to ${made.file} (${megabytes(made.bytes)}).`);
    });

  program
    .command('restore')
    .description('put a backup in place of the database (quit the desktop app, serve and run first)')
    .argument('<file>', 'the backup file')
    .action((file: string) => {
      const { restored, keptAs } = restoreBackup(cli.folder(), resolve(file), Date.now());
      cli.print(`Restored ${restored}.${keptAs ? ` The database it replaced is kept as ${keptAs}.` : ''}`);
    });

  program
    .command('retention')
    .description('how long delivered batch bodies and the attempt log are kept; prunes what is older now')
    .option('--bodies-days <n>', 'days to keep the bodies and items of delivered batches (default 14)', integer('--bodies-days', RETENTION_DAYS.min, RETENTION_DAYS.max))
    .option('--events-days <n>', 'days to keep the attempt log, batches and imports (default 180)', integer('--events-days', RETENTION_DAYS.min, RETENTION_DAYS.max))
    .action(async (o) => {
      const engine = cli.engine();
      // The screens' rule (bodies never outlive their log) applies to the two days together, so both go through it.
      const current = retentionPolicy(engine.db);
      const policy = await cli.handlers()['retention.set']({ bodyDays: o.bodiesDays ?? current.bodyDays, eventDays: o.eventsDays ?? current.eventDays });
      const pruned = await pruneAll(engine.db, engine.now());
      cli.print(`Keeping delivered batch bodies ${policy.bodyDays} days, the attempt log and imports ${policy.eventDays} days; pruned ${pruned} rows now.`);
    });
}
