import type { Command } from 'commander';
import type { Cli } from '../cli';

/** `forget --email E | --customer-id ID`: a data-subject request (issue 12; see privacy/forget.ts). */
export function register(program: Command, cli: Cli): void {
  program
    .command('forget')
    .description('forget a profile: REMOVED to every segment that holds it, then erase what is kept about it')
    .option('--email <email>', 'the profile by email (as hashed-email connectors keep it)')
    .option('--customer-id <id>', 'the profile by customer id (customer-id connectors)')
    .option('--json', 'print JSON')
    .action(async (o: { email?: string; customerId?: string; json?: boolean }, command: Command) => {
      if ((o.email === undefined) === (o.customerId === undefined)) command.error('Give exactly one of --email or --customer-id.', { exitCode: 2 });
      const result = await cli.handlers()['profiles.forget']({ email: o.email, customerId: o.customerId });
      if (o.json) return cli.printJson(result);
      cli.print(result.message);
      if (!result.complete) cli.print('Run `flush` (or let the scheduler send) to deliver the REMOVED changes; the erasure then finishes by itself.');
    });
}
