import { ActionIcon, Badge, Button, Group, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { ConnectorView } from '../../../shared/model';
import { call } from '../../api/client';
import { wordError } from '../../i18n/say';
import { formatNumber } from '../../components/format';
import { useConnectors } from '../../stores/connectors';
import { confirmAction } from '../../components/confirm';
import { removeSegment } from './actions';
import { useTranslation } from 'react-i18next';

/** The segments a connector sends to, each by the Segment Name Deployteq receives. */
export function SegmentsEditor({ connector }: { connector: ConnectorView }) {
  const { t } = useTranslation();
  const upsert = useConnectors((s) => s.upsert);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    try {
      upsert(await call('segments.add', { connector: connector.name, segment: name }));
      setName('');
      setError(null);
    } catch (e) {
      setError(wordError(e));
    }
  };

  const remove = (segment: string, members: number) =>
    confirmAction({
      title: t('form.removeSegmentTitle', { name: segment }),
      body: members
        ? t('form.removeSegmentBodyMembers', { connector: connector.name, count: formatNumber(members) })
        : t('form.removeSegmentBody', { connector: connector.name }),
      confirmLabel: t('form.removeSegment'),
      onConfirm: () => removeSegment(connector.name, segment),
    });

  return (
    <Stack gap={6}>
      <Text size="sm" fw={600}>
        {t('form.segments')}
      </Text>
      {connector.segments.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('form.noSegments')}
        </Text>
      ) : (
        <Group gap={6}>
          {connector.segments.map((s) => (
            <Badge
              key={s.id}
              variant="outline"
              size="lg"
              tt="none"
              rightSection={
                <Tooltip label={t('form.removeSegment')}>
                  <ActionIcon size="xs" variant="transparent" color="gray" aria-label={t('form.removeSegmentNamed', { name: s.name })} onClick={() => remove(s.name, s.members)}>
                    ×
                  </ActionIcon>
                </Tooltip>
              }
            >
              {s.name} · {formatNumber(s.members)}
            </Badge>
          ))}
        </Group>
      )}
      <form onSubmit={add}>
        <Group gap="xs" align="flex-start">
          <TextInput
            size="xs"
            label="Segment Name"
            aria-label={t('form.newSegment', { name: connector.name })}
            placeholder={t('form.segmentPlaceholder')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={error}
            styles={{ label: { display: 'none' } }}
          />
          <Button size="xs" variant="light" type="submit" disabled={!name.trim()}>
            {t('form.addSegment')}
          </Button>
        </Group>
      </form>
    </Stack>
  );
}
