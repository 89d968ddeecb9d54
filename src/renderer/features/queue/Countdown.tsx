import { Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { formatCountdown, formatTime } from '../../components/format';
import { useTranslation } from 'react-i18next';

/** "Next flush in 4 min 10 s", ticking every second. */
export function Countdown({ at, paused }: { at: number | null; paused: boolean }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (paused) return <Text size="sm">{t('queue.nextFlushStopped')}</Text>;
  if (at === null) return <Text size="sm">{t('queue.nextFlushIdle')}</Text>;
  return (
    <Text size="sm" title={formatTime(at)} aria-label={t('queue.nextFlush')}>
      {t('queue.nextFlush')} <b>{formatCountdown(at, now)}</b>
    </Text>
  );
}
