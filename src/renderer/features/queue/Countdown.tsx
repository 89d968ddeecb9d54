import { Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { formatCountdown, formatTime } from '../../components/format';

/** "Next flush in 4 min 10 s", ticking every second. */
export function Countdown({ at, paused }: { at: number | null; paused: boolean }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (paused) return <Text size="sm">Next flush: not while it is stopped</Text>;
  if (at === null) return <Text size="sm">Next flush: when something is pending</Text>;
  return (
    <Text size="sm" title={formatTime(at)} aria-label="Next flush">
      Next flush <b>{formatCountdown(at, now)}</b>
    </Text>
  );
}
