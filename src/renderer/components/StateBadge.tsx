import { Badge, Tooltip } from '@mantine/core';
import type { ConnectorState, EventSeverity } from '../../shared/model';
import type { Said } from '../../shared/messages';
import { wordSaid } from '../i18n/say';
import { useTranslation } from 'react-i18next';
import { SEVERITY_COLORS } from './severity';

/** A connector's state in the log's colours: sending is ok; a pause and a halt as the log shows them. */
const SEVERITY_OF_STATE: Record<ConnectorState, EventSeverity> = { active: 'ok', paused: 'paused', halted: 'halted' };

/** A connector's state; the reason, if any, on hover (and said in full by the banners). */
export function StateBadge({ state, reason, reasonSaid }: { state: ConnectorState; reason?: string | null; reasonSaid?: Said | null }) {
  const { t } = useTranslation();
  const badge = (
    <Badge color={SEVERITY_COLORS[SEVERITY_OF_STATE[state]]} variant={state === 'active' ? 'light' : 'filled'} aria-label={t('state.label', { state: t(`state.${state}`) })}>
      {t(`state.${state}`)}
    </Badge>
  );
  return reason ? <Tooltip label={wordSaid(reasonSaid, reason)} multiline w={320}>{badge}</Tooltip> : badge;
}
