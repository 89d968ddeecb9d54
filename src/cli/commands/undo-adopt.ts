import { Command } from 'commander';
import type { Cli } from '../cli';
import { list } from '../options';
import type { AdoptPlan, UndoPlan } from '../../shared/model';

/**
 * `import undo` (a subcommand of `import`: a file literally named "undo" is imported as ./undo) and
 * `segment adopt`. Both do what they say and print it; --dry-run only prints what they would do.
 */
export function register(program: Command, cli: Cli): void {
  // Commander reads the options an `import` knows (--connector, --segment, --allow-removals, --json) as the
  // import's own even after `undo`, and checks its mandatory ones for the subcommand: undo reads them from there.
  const importCommand = program.commands.find((c) => c.name() === 'import')!;
  importCommand
    .command('undo')
    .description(
      "undo the segment's latest import (--connector N --segment S): changes not yet sent vanish, delivered ones are reversed (queued); " +
        '--allow-removals accepts an undo that removes more members than the guard allows; --json prints the result as JSON',
    )
    .option('--dry-run', 'only say what the undo would do (counts); change nothing')
    .action(async (_options: unknown, command: Command) => {
      const o = command.optsWithGlobals<{ connector: string; segment: string; dryRun?: boolean; allowRemovals?: boolean; json?: boolean }>();
      const plan = await cli.handlers()['imports.undo']({ connector: o.connector, segment: o.segment, dryRun: o.dryRun === true, allowRemovals: o.allowRemovals === true });
      if (o.json) return cli.printJson(plan);
      cli.print(describeUndo(plan, o.dryRun === true));
    });

  const segment = program.commands.find((c) => c.name() === 'segment') ?? program.command('segment').description('work with one segment of a connector');
  segment
    .command('adopt')
    .description('make a file of what Deployteq already holds the delivered state of a segment, without any request')
    .argument('<file>', 'the export of what Deployteq holds (CSV or NDJSON)')
    .requiredOption('--connector <name>', 'the connector')
    .requiredOption('--segment <name>', 'the Segment Name')
    .option('--id-column <column>', 'the identifier column (detected from the header when absent)')
    .option('--columns <a,b,c>', 'the columns Deployteq holds as profile variables (all others when absent)', list)
    .option('--dry-run', 'only say what the adoption would do (counts); change nothing')
    .option('--allow-removals', 'accept dropping more of the members the app holds than the guard allows')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, o: { connector: string; segment: string; idColumn?: string; columns?: string[]; dryRun?: boolean; allowRemovals?: boolean; json?: boolean }) => {
      const plan = await cli.handlers()['segments.adopt']({
        file,
        connector: o.connector,
        segment: o.segment,
        idColumn: o.idColumn,
        columns: o.columns,
        dryRun: o.dryRun === true,
        allowRemovals: o.allowRemovals === true,
      });
      if (o.json) return cli.printJson(plan);
      cli.print(describeAdopt(plan, o.dryRun === true));
    });
}

function describeUndo(plan: UndoPlan, dryRun: boolean): string {
  return [
    dryRun ? 'Dry run, nothing changed. ' + plan.message : `Undone. ${plan.message}`,
    `  members leave        ${plan.membersLeave}`,
    `  members come back    ${plan.membersRejoin}`,
    `  params restored      ${plan.paramsRestored}`,
    `Pending for ${plan.segment}: NEW ${plan.pendingAfter.NEW}, MODIFIED ${plan.pendingAfter.MODIFIED}, REMOVED ${plan.pendingAfter.REMOVED}`,
  ].join('\n');
}

function describeAdopt(plan: AdoptPlan, dryRun: boolean): string {
  return [
    dryRun ? 'Dry run, nothing changed. ' + plan.message : `Adopted. ${plan.message}`,
    `  rows read            ${plan.rowsRead}`,
    `  rejected             ${plan.rejected}`,
    `  members delivered    ${plan.members}`,
    `  members dropped      ${plan.dropped}`,
    `  pending dropped      ${plan.pendingDropped}`,
    `  requests sent        ${plan.requests}`,
  ].join('\n');
}
