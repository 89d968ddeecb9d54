// @vitest-environment jsdom
import './setup';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { i18n } from '../../src/renderer/i18n';
import { wordMessage } from '../../src/renderer/i18n/say';
import { startSandbox, type Sandbox } from '../../src/main/core/sandbox';
import { engineApi } from './engine-api';

let backend: ReturnType<typeof engineApi>;
let sandbox: Sandbox;

beforeEach(async () => {
  backend = engineApi();
  sandbox = await startSandbox({ token: 'forget-words-token' });
});
afterEach(async () => {
  await i18n.changeLanguage('en');
  backend.close();
  await sandbox.close();
});

describe("forgetting a profile, through the engine, in the Trace screen's two languages", () => {
  it('says the plan and the result as the engine does in English, and in Dutch with the same segments', async () => {
    const { api } = backend;
    await api['connectors.create']({ name: 'Shop', url: sandbox.url });
    const file = join(backend.dir, 'shop.csv');
    writeFileSync(file, 'customerId,firstName\n1,Ann\n2,Bob\n');
    await api['imports.run']({ file, connector: 'Shop', segment: 'Welcome' });

    const plan = await api['profiles.forget']({ customerId: '1', dryRun: true });
    expect(wordMessage(plan.sentence, 'fallback')).toBe(plan.message);
    const done = await api['profiles.forget']({ customerId: '1' });
    expect(wordMessage(done.sentence, 'fallback')).toBe(done.message);

    await i18n.changeLanguage('nl');
    expect(wordMessage(plan.sentence, plan.message)).toBe(
      'Vergeten haalt dit profiel uit 1 segment(en): Shop / Welcome; 0 REMOVED-wijziging(en) gaan bij de volgende verzending naar Deployteq, daarna wordt alles wat over het profiel bewaard is gewist.',
    );
    expect(wordMessage(done.sentence, done.message)).toBe('Het profiel is vergeten in 1 segment(en): Shop / Welcome. Er wordt niets meer over bewaard.');
  });
});
