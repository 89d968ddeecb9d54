// @vitest-environment jsdom
import './setup';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { i18n } from '../../src/renderer/i18n';
import { wordMessage } from '../../src/renderer/i18n/say';
import { startSandbox, type Sandbox } from '../../src/main/core/sandbox';
import { engineApi } from './engine-api';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setApi } from '../../src/renderer/api/client';
import { ForgetProfile } from '../../src/renderer/features/trace/ForgetProfile';
import { TracePage } from '../../src/renderer/features/trace/TracePage';
import { renderUi } from './render';

let backend: ReturnType<typeof engineApi>;
let sandbox: Sandbox;

beforeEach(async () => {
  backend = engineApi();
  sandbox = await startSandbox({ token: 'forget-words-token' });
});
afterEach(async () => {
  setApi(null);
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

describe('the Trace screen in Dutch, through the engine', () => {
  /** A Hashed Email connector whose segment holds ann@example.com, delivered in one batch. */
  async function deliveredAnn() {
    const { api } = backend;
    setApi(api);
    await api['connectors.create']({ name: 'Mail', url: sandbox.url, identifierType: 'hashed-email' });
    const file = join(backend.dir, 'mail.csv');
    writeFileSync(file, 'email,naam\nann@example.com,Ann\n');
    await api['imports.run']({ file, connector: 'Mail', segment: 'Welcome' });
    await api['queue.flush']({ connector: 'Mail' });
    await i18n.changeLanguage('nl');
  }

  it("words a batch's state in Dutch", async () => {
    await deliveredAnn();
    const user = userEvent.setup();
    renderUi(<TracePage />);
    await user.type(screen.getByRole('textbox', { name: 'E-mail of klant-id' }), 'ann@example.com');
    await user.click(screen.getByRole('button', { name: 'Zoeken' }));
    const batches = await screen.findByRole('table', { name: 'Batches die dit profiel meenamen' });
    expect(within(batches).getByRole('cell', { name: 'afgeleverd' })).toBeInTheDocument();
  });

  it('words a refused forget in Dutch: an address that is no email address', async () => {
    await deliveredAnn();
    const trace = await backend.api['trace.find']({ query: 'ann@example.com' });
    const user = userEvent.setup();
    renderUi(<ForgetProfile trace={{ ...trace, query: 'ann@example' }} onTrace={() => {}} />);
    await user.click(screen.getByRole('button', { name: 'Dit profiel vergeten…' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('"ann@example" kan niet worden vergeten: geen e-mailadres: "ann@example".');
  });
});
