import { Alert, Button, Group, List, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ForgetResult, ProfileTrace } from '../../../shared/model';
import { call } from '../../api/client';
import { wordError, wordMessage } from '../../i18n/say';

/** The Trace field takes an email or a customer id: an address (or a hashed email) is forgotten as an email. */
function identifierOf(query: string): { email: string } | { customerId: string } {
  const text = query.trim();
  return text.includes('@') || /^[0-9a-f]{64}$/i.test(text) ? { email: text } : { customerId: text };
}

/**
 * "Forget this profile" (a data-subject request): asks first, naming the segments the engine would remove the
 * profile from (a dry run), then forgets it and shows the trace again, with what still waits for a flush.
 */
export function ForgetProfile({ trace, onTrace }: { trace: ProfileTrace; onTrace: (trace: ProfileTrace) => void }) {
  const { t } = useTranslation();
  const [plan, setPlan] = useState<ForgetResult | null>(null);
  const [done, setDone] = useState<ForgetResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const identifier = identifierOf(trace.query);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
      setError(null);
    } catch (e) {
      setError(wordError(e));
    } finally {
      setBusy(false);
    }
  };
  const ask = () => run(async () => setPlan(await call('profiles.forget', { ...identifier, dryRun: true })));
  const forget = () =>
    run(async () => {
      const result = await call('profiles.forget', identifier);
      setPlan(null);
      setDone(result);
      onTrace(await call('trace.find', { query: trace.query }));
    });

  const known = trace.memberships.length > 0 || trace.batches.length > 0;
  if (!known && !done) return null;
  return (
    <Stack gap="xs">
      {done && (
        <Alert color={done.complete ? 'teal' : 'blue'} role="status" aria-label={t('forget.erasure')}>
          {wordMessage(done.sentence, done.message)}
          {!done.complete && t('forget.finishesLater')}
        </Alert>
      )}
      {known && (
        <Group>
          <Button color="red" variant="light" loading={busy && !plan} onClick={() => void ask()}>
            {t('forget.button')}
          </Button>
        </Group>
      )}
      {error && !plan && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Modal opened={!!plan} onClose={() => setPlan(null)} title={t('forget.title')} centered>
        <Stack>
          {plan && plan.segments.length > 0 ? (
            <>
              <Text size="sm">{t('forget.removes')}</Text>
              <List size="sm" aria-label={t('forget.segments')}>
                {plan.segments.map((s) => (
                  <List.Item key={`${s.connectorName}/${s.segmentName}`}>
                    {s.connectorName} / {s.segmentName}
                    {s.removedPending ? t('forget.removedNext') : ''}
                  </List.Item>
                ))}
              </List>
              <Text size="sm" c="dimmed">
                {t('forget.kept')}
              </Text>
            </>
          ) : (
            <Text size="sm">{plan && wordMessage(plan.sentence, plan.message)}</Text>
          )}
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setPlan(null)}>
              {t('common.cancel')}
            </Button>
            <Button color="red" loading={busy} disabled={!plan || plan.segments.length === 0} onClick={() => void forget()}>
              {t('forget.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
