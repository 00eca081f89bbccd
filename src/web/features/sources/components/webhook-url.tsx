import { CopyField } from '../../../components/ui/copy-field';

type WebhookUrlProps = {
  sourceId: string;
  sourceName: string;
  url: string;
  label?: string;
  /** What the copy button copies, for screen readers. */
  copyLabel?: string;
  /** Tells this field's id apart from another on the same source. */
  idSuffix?: string;
};

/** The URL to paste into the platform, read-only, with a copy button. */
export function WebhookUrl({
  sourceId,
  sourceName,
  url,
  label = 'Webhook URL',
  copyLabel = 'webhook URL',
  idSuffix = '',
}: WebhookUrlProps) {
  return (
    <CopyField
      id={`webhook-${sourceId}${idSuffix}`}
      compact
      label={
        <>
          {label}
          <span className="sr-only"> for {sourceName}</span>
        </>
      }
      value={url}
      copies={`${copyLabel} for ${sourceName}`}
    />
  );
}
