import { Alert, Button, Code, CopyButton, Group, NativeSelect, Paper, ScrollArea, Stack, Text } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import type { PayloadPreview } from '../../../shared/model';
import type { ApiErrorShape } from '../../../shared/api';
import { call } from '../../api/client';
import { EmptyState } from '../../components/EmptyState';
import { SegmentCountsTable } from '../../components/SegmentCountsTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { HeldForReview } from '../queue/HeldForReview';
import { formatBytes, formatNumber } from '../../components/format';
import { useConnectors } from '../../stores/connectors';
import { useNav } from '../../stores/nav';
import { useTranslation } from 'react-i18next';
import { wordMessage } from '../../i18n/say';
import { PageHeader } from '../../components/PageHeader';

function SchemaCheck({ errors }: { errors: string[] }) {
  const { t } = useTranslation();
  if (errors.length === 0) {
    return (
      <Alert color="teal" variant="light" role="status" title={t('preview.schemaCheck')}>
        {t('preview.schemaValid')}
      </Alert>
    );
  }
  return (
    <Alert color="red" variant="light" role="alert" title={t('preview.schemaInvalid')}>
      <ul style={{ margin: 0, paddingLeft: 18 }}>
        {errors.map((e) => (
          <li key={e}>{e}</li>
        ))}
      </ul>
    </Alert>
  );
}

function PreviewBody({ preview }: { preview: PayloadPreview }) {
  const { t } = useTranslation();
  const json = JSON.stringify(preview.body, null, 2);
  return (
    <Stack>
      <Group gap="xs" wrap="nowrap">
        <Text size="sm" fw={600}>
          POST
        </Text>
        <Code aria-label={t('preview.url')} style={{ wordBreak: 'break-all' }}>
          {preview.url}
        </Code>
      </Group>
      <Text size="sm">
        {t('preview.customers', { count: preview.customers, formatted: formatNumber(preview.customers) })} · {formatBytes(preview.bytes)}
      </Text>
      <SegmentCountsTable
        label={t('preview.counts')}
        maw={560}
        rows={Object.entries(preview.counts).map(([segment, counts]) => ({ key: segment, segment, counts }))}
      />
      <SchemaCheck errors={preview.schemaErrors} />
      <Paper withBorder radius="md" pos="relative">
        <CopyButton value={json}>
          {({ copied, copy }) => (
            <Button size="xs" variant="light" onClick={copy} pos="absolute" top={8} right={20} style={{ zIndex: 1 }}>
              {copied ? t('common.copied') : t('preview.copyJson')}
            </Button>
          )}
        </CopyButton>
        <ScrollArea.Autosize mah={520} type="auto">
          <Code block aria-label={t('preview.body')} style={{ fontSize: 12 }}>
            {json}
          </Code>
        </ScrollArea.Autosize>
      </Paper>
    </Stack>
  );
}

/** The exact next request of a connector, before it goes. */
export function PreviewPage() {
  const { t } = useTranslation();
  const { connectors, refresh } = useConnectors();
  const wanted = useNav((s) => s.connector);
  const [connector, setConnector] = useState<string | null>(wanted);
  const [preview, setPreview] = useState<PayloadPreview | null>(null);
  const [error, setError] = useState<ApiErrorShape | null>(null);
  const [loading, setLoading] = useState(false);
  const selected = connector ?? connectors[0]?.name ?? null;

  useEffect(() => void refresh(), [refresh]);

  const load = useCallback(async () => {
    if (!selected) return;
    setLoading(true);
    try {
      setPreview(await call('preview.next', { connector: selected }));
      setError(null);
    } catch (e) {
      setPreview(null);
      setError(e as ApiErrorShape);
    } finally {
      setLoading(false);
    }
  }, [selected]);

  useEffect(() => void load(), [load]);

  return (
    <Stack>
      <PageHeader title={t('preview.title')} description={t('preview.intro')} />
      {connectors.length === 0 ? (
        <EmptyState title={t('preview.emptyTitle')}>{t('preview.emptyBody')}</EmptyState>
      ) : (
        <Group align="flex-end">
          <NativeSelect label={t('common.connector')} value={selected ?? ''} onChange={(e) => setConnector(e.currentTarget.value)} data={connectors.map((c) => c.name)} w={280} />
          <Button variant="default" onClick={() => void load()} loading={loading}>
            {t('common.refresh')}
          </Button>
        </Group>
      )}
      <ErrorAlert error={error} title={t('preview.failed')} />
      {preview && <HeldForReview connector={preview.connector} lines={(preview.heldForReview ?? []).map((line, i) => wordMessage(preview.heldForReviewMessages?.[i], line))} throughImport={preview.heldThroughImport} onReleased={() => void load()} />}
      {preview && preview.body === null && !preview.heldForReview?.length && (
        <EmptyState title={t('preview.nothingTitle', { name: preview.connector })}>{t('preview.nothingBody')}</EmptyState>
      )}
      {preview && preview.body !== null && <PreviewBody preview={preview} />}
    </Stack>
  );
}
