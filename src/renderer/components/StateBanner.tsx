import { Alert, Button, Group, Text } from '@mantine/core';
import type { ConnectorState } from '../../shared/model';
import type { Said } from '../../shared/messages';
import { wordSaid } from '../i18n/say';
import { formatTime } from './format';
import { useTranslation } from 'react-i18next';

interface Props {
  connector: string;
  state: ConnectorState;
  reason: string | null;
  /** The reason as a code and its values, for the screens' language (absent: the English reason). */
  reasonSaid?: Said | null;
  pausedUntil?: number | null;
  onResume?: () => void;
  resuming?: boolean;
}

/** Says plainly why a connector is not sending, and offers Resume. */
export function StateBanner({ connector, state, reason, reasonSaid, pausedUntil, onResume, resuming }: Props) {
  const { t } = useTranslation();
  if (state === 'active') return null;
  const halted = state === 'halted';
  const title = t(halted ? 'state.haltedTitle' : 'state.pausedTitle', { name: connector });
  return (
    <Alert color={halted ? 'red' : 'yellow'} variant="light" title={title} role="status">
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Text size="sm">
          {reason ? wordSaid(reasonSaid, reason) : t(halted ? 'state.haltedReason' : 'state.pausedReason')}
          {pausedUntil ? t('state.resumesAt', { time: formatTime(pausedUntil) }) : ''}
          {halted ? t('state.haltedFix') : ''}
        </Text>
        {onResume && (
          <Button size="xs" variant="white" color={halted ? 'red' : 'yellow'} onClick={onResume} loading={resuming} aria-label={t('common.resumeConnector', { name: connector })}>
            {t('common.resume')}
          </Button>
        )}
      </Group>
    </Alert>
  );
}
