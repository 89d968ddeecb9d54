// @vitest-environment jsdom
import './setup';
import { afterEach, describe, expect, it } from 'vitest';
import { i18n } from '../../src/renderer/i18n';
import { messagesNl } from '../../src/renderer/i18n/nl-messages';
import { flushProblems, outlookText, wordMessage } from '../../src/renderer/i18n/say';
import { english, englishFormats, message, messagesEn, VALUE_WORDS_EN, type Message, type MessageCode } from '../../src/shared/messages';
import { describeOutlook } from '../../src/shared/outlook';
import type { DeliveryOutlook } from '../../src/shared/model';
import { Sentence } from '../../src/renderer/components/Sentence';
import { renderUi } from './render';

/** `{{name}}` and `{{name, format}}` of a template, with its nested `$t(messages.key, …)` keys: what a translation must keep. */
const slots = (text: string) =>
  [...[...text.matchAll(/\{\{\s*(\w+\s*(?:,\s*\w+)?)\s*\}\}/g)].map((m) => m[1].replace(/\s+/g, '')), ...[...text.matchAll(/\$t\((messages\.\w+)/g)].map((m) => m[1])].sort();

/** The codes of the table: its keys without their plural endings. */
const CODES = [...new Set(Object.keys(messagesEn).map((key) => key.replace(/_(one|other)$/, '')))] as MessageCode[];

const SAMPLE_TIME = Date.UTC(2026, 2, 10, 9, 30);

/** The templates of a code (its plural forms), and of the messages they nest. */
function templatesOf(code: string): string[] {
  const own = Object.entries(messagesEn).filter(([key]) => key === code || key.replace(/_(one|other)$/, '') === code).map(([, text]) => text as string);
  return [...own, ...own.flatMap((text) => [...text.matchAll(/\$t\(messages\.(\w+)\)/g)].flatMap((m) => templatesOf(m[1])))];
}

/** Values for every slot of a code's templates: numbers where a format asks for one, else a recognisable word. */
function sampleParams(code: MessageCode): Message['params'] {
  const params: Message['params'] = {};
  for (const text of templatesOf(code)) {
    for (const [, name, format] of text.matchAll(/\{\{\s*(\w+)\s*(?:,\s*(\w+)\s*)?\}\}/g)) {
      if (name === 'count') continue;
      params[name] = format === 'number' ? 1234 : format === 'time' || format === 'clock' ? SAMPLE_TIME : name === 'reason' ? '' : `«${name}»`;
    }
    for (const [, inner] of text.matchAll(/"count": \{\{(\w+)\}\}/g)) params[inner] = 3;
  }
  if (messagesEn[`${code}_one` as keyof typeof messagesEn] !== undefined) params.count = 1234;
  return params;
}

describe("the engine's messages in the screens' two languages", () => {
  afterEach(async () => {
    await i18n.changeLanguage('en');
  });

  it('has every message template in Dutch, with the same values, formats and nested messages', () => {
    expect(Object.keys(messagesNl).sort()).toEqual(Object.keys(messagesEn).sort());
    for (const [key, text] of Object.entries(messagesEn)) expect(slots(messagesNl[key as keyof typeof messagesNl]), key).toEqual(slots(text));
  });

  it.each(CODES)('%s: in English the screens say exactly what the engine says, in Dutch every value is in its place', async (code) => {
    const m = message(code, sampleParams(code));
    const engineText = english(m, englishFormats());
    await i18n.changeLanguage('en');
    const screenEnglish = wordMessage(m, 'fallback');
    expect(screenEnglish).toBe(engineText);
    await i18n.changeLanguage('nl');
    const dutch = wordMessage(m, 'fallback');
    // A template of values and punctuation alone ("{{connector}}: {{meaning}}") has no word to translate.
    const hasWords = templatesOf(code).some((t) => /[a-z]/i.test(t.replace(/\{\{[^}]*\}\}/g, '')));
    if (hasWords) expect(dutch).not.toBe(screenEnglish);
    expect(dutch).not.toMatch(/\{\{|\$t\(|fallback/);
    for (const value of Object.values(m.params)) if (typeof value === 'string' && value) expect(dutch).toContain(value);
    if (templatesOf(code).some((t) => /, number\}\}/.test(t))) expect(dutch).toContain('1.234'); // grouped the Dutch way
    if (Object.values(m.params).includes(SAMPLE_TIME)) expect(dutch).toMatch(/10-03-2026|di 10 mrt/); // a date as Dutch writes it
  });

  it('words every code value by its kind: each kind a template names has its table, in English and in Dutch', async () => {
    const kinds = new Set(Object.values(messagesEn).flatMap((text) => [...text.matchAll(/\{\{\s*\w+\s*,\s*(\w+)\s*\}\}/g)].map((m) => m[1])));
    for (const format of ['number', 'time', 'clock']) kinds.delete(format);
    expect([...kinds].sort()).toEqual(Object.keys(VALUE_WORDS_EN).sort());
    const locked = { code: 'batchNotFailed', params: { uuid: 'b-1', state: 'delivered' } };
    expect(wordMessage(locked, '')).toBe(english(locked, englishFormats()));
    await i18n.changeLanguage('nl');
    expect(wordMessage(locked, '')).toBe('Batch b-1 is niet mislukt (de status is afgeleverd); er valt niets opnieuw te proberen.');
  });

  it('words a value that is itself an engine sentence (the reason a connector halted) in the same language', async () => {
    const reason = '401 Authentication failed (token or user invalid): connector halted until the token is changed.';
    const problem = { code: 'flushHalted', params: { connector: 'Demo', reason }, nested: { reason: { code: 'outcome.halted401', values: { status: 401 } } } };
    const report = { connector: 'Demo', batchesSent: 0, customersDelivered: 0, failed: 0, halted: true, paused: false, messages: [], problems: [`Demo is halted: ${reason}`], problemMessages: [problem] };
    expect(flushProblems(report)).toEqual([`Demo is halted: ${reason}`]);
    await i18n.changeLanguage('nl');
    expect(flushProblems(report)).toEqual(['Demo is gestopt: 401 Authenticatie mislukt (token of gebruiker ongeldig): connector gestopt tot het token is gewijzigd.']);
  });

  it("keeps the engine's English sentence for a code these screens do not know, and where the engine sent no code", async () => {
    await i18n.changeLanguage('nl');
    expect(wordMessage({ code: 'fromANewerEngine', params: {} }, 'A sentence from a newer engine.')).toBe('A sentence from a newer engine.');
    expect(wordMessage(undefined, 'An older engine’s sentence.')).toBe('An older engine’s sentence.');
  });

  it("reads the outlook of a halted connector in Dutch, its reason included, and in English as the CLI does", async () => {
    const outlook: DeliveryOutlook = {
      when: 'halted',
      at: Date.now(),
      schedulerRunning: true,
      changes: 1200,
      batches: 3,
      batchSize: 500,
      nextFlushAt: null,
      requestsLeftToday: null,
      budgetRenewsAt: null,
      stateReason: '401 Authentication failed (token or user invalid): connector halted until the token is changed.',
      stateSaid: { code: 'outcome.halted401', values: { status: 401 } },
      heldForReview: 2,
    };
    expect(outlookText(outlook, 'Demo')).toBe(describeOutlook(outlook, 'Demo'));
    await i18n.changeLanguage('nl');
    expect(outlookText(outlook, 'Demo')).toBe(
      '2 wijzigingen voor Demo worden vastgehouden ter controle: er gaat niets van weg tot je ze vrijgeeft (Vrijgeven in de Wachtrij of het Voorbeeld, of `release --connector Demo`). ' +
        'Er wordt niets verstuurd: Demo is gestopt (401 Authenticatie mislukt (token of gebruiker ongeldig): connector gestopt tot het token is gewijzigd). ' +
        'Geef de connector een nieuw token of endpoint onder Connectoren (of `connector edit`) om weer te versturen.',
    );
  });

  it('says the second count inside a sentence in its own plural, with the grouping of the language', async () => {
    const now = { code: 'outlookNow', params: { count: 1234, connector: 'Demo', batches: 1, batchSize: 500 } };
    expect(wordMessage(now, '')).toBe('Sending now: the scheduler sends all 1,234 changes for Demo in one flush, about 1 request of up to 500.');
    await i18n.changeLanguage('nl');
    expect(wordMessage(now, '')).toBe('Nu aan het versturen: de planner verstuurt alle 1.234 wijzigingen voor Demo in één keer, in ongeveer 1 verzoek van hoogstens 500.');
  });

  it('writes a value as it is, even one that looks like a template (a file named so): in English and in Dutch', async () => {
    const m = { code: 'mixedEncoding', params: { file: '$t(messages.requests, {"count": 2 }) {{line}}', line: 3, utf8Line: 4 } };
    expect(english(m, englishFormats())).toMatch(/^"\$t\(messages\.requests, \{"count": 2 \}\) \{\{line\}\}" line 3 has bytes/);
    expect(wordMessage(m, '')).toBe(english(m, englishFormats()));
    await i18n.changeLanguage('nl');
    expect(wordMessage(m, '')).toMatch(/^"\$t\(messages\.requests, \{"count": 2 \}\) \{\{line\}\}" regel 3 bevat bytes/);
  });

  it('shows a command in a sentence as code, never with its backticks', () => {
    const { container } = renderUi(
      <p>
        <Sentence text="Release it, or `release --connector Demo`; then `flush" />
      </p>,
    );
    expect(container.querySelector('p code')?.textContent).toBe('release --connector Demo');
    expect(container.querySelector('p')?.textContent).toBe('Release it, or release --connector Demo; then flush');
  });
});
