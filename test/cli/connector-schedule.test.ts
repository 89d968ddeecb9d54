import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli';
import { tempDir } from '../support/temp-db';

describe('connector list shows a cron schedule in words with its next send times', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => ({ dir, cleanup } = tempDir()));
  afterAll(() => cleanup());

  it('prints the schedule the engine describes, the same the connector form shows', () => {
    const url = 'https://webhook.myclang.com/app/api/rest/public/v2/project/datahook/data-receiver/32-hook';
    expect(runCli(dir, 'connector', 'add', '--name', 'Mornings', '--url', url, '--token', 'tok-1234567890', '--cron', '0 8 * * 1-5').status).toBe(0);
    expect(runCli(dir, 'connector', 'add', '--name', 'Plain', '--url', `${url}-2`, '--token', 'tok-0987654321').status).toBe(0);
    const list = runCli(dir, 'connector', 'list');
    expect(list.status).toBe(0);
    const line = list.stdout.split('\n').find((l) => l.startsWith('Mornings sends'));
    expect(line).toMatch(/^Mornings sends at 08:00, Monday through Friday, Europe\/Amsterdam time; next: ((Mon|Tue|Wed|Thu|Fri) \d{4}-\d\d-\d\d 08:00(, |\.$)){5}/);
    expect(list.stdout).not.toMatch(/^Plain sends/m);
  });
});
