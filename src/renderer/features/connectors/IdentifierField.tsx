import { Input, SegmentedControl, Text } from '@mantine/core';
import { IDENTIFIER_INFO, IDENTIFIER_TYPES, type IdentifierType } from '../../../shared/model';
import { useTranslation } from 'react-i18next';

/** Customer ID or Hashed Email, and what that means for the payload. */
export function IdentifierField({
  value,
  partnerNumber,
  lockedBecause,
  onChange,
}: {
  value: IdentifierType;
  partnerNumber: number | string;
  /** Why the type cannot change now (segments hold profiles keyed by it), said in place of a refusal later. */
  lockedBecause?: string | null;
  onChange(value: IdentifierType): void;
}) {
  const { t: translate } = useTranslation();
  const info = IDENTIFIER_INFO[value];
  return (
    <Input.Wrapper label={translate('form.identifierType')} id="identifier-type" description={lockedBecause ?? undefined}>
      <SegmentedControl
        fullWidth
        aria-labelledby="identifier-type-label"
        disabled={!!lockedBecause}
        value={value}
        onChange={(v) => onChange(v as IdentifierType)}
        data={IDENTIFIER_TYPES.map((t) => ({ value: t, label: IDENTIFIER_INFO[t].label }))}
      />
      <Text size="xs" c="dimmed" mt={4}>
        {translate('form.sentAs')} <b>{info.customerType}</b> {translate('form.withPartner')} <b>{String(partnerNumber) || '—'}</b>
        {value === 'hashed-email' ? translate('form.hashedNote') : '.'}
      </Text>
    </Input.Wrapper>
  );
}
