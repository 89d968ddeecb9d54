import { Badge, Tooltip } from '@mantine/core';
import type { ConnectorState } from '../../shared/model';
import type { Said } from '../../shared/messages';
import { wordSaid } from '../i18n/say';
import { useTranslation } from 'react-i18next';

const COLORS: Record<ConnectorState, string> = { active: 'teal', paused: 'yellow', halted: 'red' };

/** A connector's state; the reason, if any, on hover (and said in full by the banners). */
export function StateBadge({ state, reason, reasonSaid }: { state: ConnectorState; reason?: string | null; reasonSaid?: Said | null }) {
  const { t } = useTranslation();
  const badge = (
    <Badge color={COLORS[state]} variant={state === 'active' ? 'light' : 'filled'} aria-label={t('state.label', { state: t(`state.${state}`) })}>
      {t(`state.${state}`)}
    </Badge>
  );
  return reason ? <Tooltip label={wordSaid(reasonSaid, reason)} multiline w={320}>{badge}</Tooltip> : badge;
}
