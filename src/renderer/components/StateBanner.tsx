import { Alert, Button, Group, Text } from '@mantine/core';
import type { ConnectorState } from '../../shared/model';
import { formatTime } from './format';

interface Props {
  connector: string;
  state: ConnectorState;
  reason: string | null;
  pausedUntil?: number | null;
  onResume?: () => void;
  resuming?: boolean;
}

/** Says plainly why a connector is not sending, and offers Resume. */
export function StateBanner({ connector, state, reason, pausedUntil, onResume, resuming }: Props) {
  if (state === 'active') return null;
  const halted = state === 'halted';
  const title = halted ? `${connector} is halted: nothing is sent` : `${connector} is paused`;
  return (
    <Alert color={halted ? 'red' : 'yellow'} variant="light" title={title} role="status">
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Text size="sm">
          {reason ?? (halted ? 'Deployteq refused the token.' : 'Paused by the operator.')}
          {pausedUntil ? ` Sending resumes by itself at ${formatTime(pausedUntil)}.` : ''}
          {halted ? ' Change the token or press Resume once it is fixed.' : ''}
        </Text>
        {onResume && (
          <Button size="xs" variant="white" color={halted ? 'red' : 'yellow'} onClick={onResume} loading={resuming} aria-label={`Resume ${connector}`}>
            Resume
          </Button>
        )}
      </Group>
    </Alert>
  );
}
