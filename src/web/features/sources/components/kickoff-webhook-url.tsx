import { useId, useState } from 'react';
import { Field } from '../../../components/ui/field';
import { Input } from '../../../components/ui/input';
import { WebhookUrl } from './webhook-url';

const kickoffUrls = [
  { name: 'taskWebhookUrl', label: 'This kickoff’s taskWebhookUrl' },
  { name: 'stepWebhookUrl', label: 'This kickoff’s stepWebhookUrl' },
  { name: 'crewWebhookUrl', label: 'This kickoff’s crewWebhookUrl' },
] as const;

type KickoffUrls = Record<(typeof kickoffUrls)[number]['name'], string>;

/** The human-input webhook URL for one kickoff: the source's URL with the kickoff's own URLs, encoded. */
export function kickoffHookUrl(webhookUrl: string, urls: KickoffUrls): string {
  const query = new URLSearchParams();
  for (const { name } of kickoffUrls) {
    if (urls[name].trim()) query.set(name, urls[name].trim());
  }
  const text = query.toString();
  return text ? `${webhookUrl}?${text}` : webhookUrl;
}

type KickoffWebhookUrlProps = { sourceId: string; sourceName: string; webhookUrl: string };

/**
 * CrewAI forgets a kickoff's task, step and crew webhook URLs on resume, and different kickoffs may use
 * different ones: each kickoff's `humanInputWebhook.url` carries its own as query parameters, so the
 * resume repeats exactly those. This shows how that URL is built, and builds one.
 */
export function KickoffWebhookUrl({ sourceId, sourceName, webhookUrl }: KickoffWebhookUrlProps) {
  const id = useId();
  const [urls, setUrls] = useState<KickoffUrls>({
    taskWebhookUrl: '',
    stepWebhookUrl: '',
    crewWebhookUrl: '',
  });
  return (
    <section
      aria-label={`Human-input webhook URL per kickoff for ${sourceName}`}
      className="space-y-2 rounded-md border border-slate-200 p-3 text-xs text-slate-700 dark:border-slate-800 dark:text-slate-300"
    >
      <p>
        CrewAI does not keep a kickoff’s <code>taskWebhookUrl</code>, <code>stepWebhookUrl</code>{' '}
        and <code>crewWebhookUrl</code> on resume, so Countersign sends them again. Give each
        kickoff’s own in its <code>humanInputWebhook.url</code>, as query parameters of the same
        names, URL-encoded:
      </p>
      <pre className="overflow-x-auto rounded bg-slate-100 px-2 py-1.5 font-mono break-all whitespace-pre-wrap dark:bg-slate-800">
        {`${webhookUrl}?taskWebhookUrl=<encoded>&stepWebhookUrl=<encoded>&crewWebhookUrl=<encoded>`}
      </pre>
      <p>
        In Python:{' '}
        <code className="break-all">{`f"${webhookUrl}?{urlencode({'taskWebhookUrl': task_url, …})}"`}</code>
        ; in JavaScript:{' '}
        <code className="break-all">{`\`${webhookUrl}?\${new URLSearchParams({ taskWebhookUrl, … })}\``}</code>
        . Leave out those the kickoff does not pass. A kickoff whose URL carries none gets the URLs
        set on this source.
      </p>
      <div className="grid gap-2 sm:grid-cols-3">
        {kickoffUrls.map(({ name, label }) => (
          <Field key={name} label={label} htmlFor={`${id}-${name}`}>
            <Input
              id={`${id}-${name}`}
              type="url"
              value={urls[name]}
              placeholder="https://…"
              onChange={(e) => setUrls({ ...urls, [name]: e.target.value })}
            />
          </Field>
        ))}
      </div>
      <WebhookUrl
        sourceId={sourceId}
        sourceName={sourceName}
        url={kickoffHookUrl(webhookUrl, urls)}
        label="Human-input webhook URL for this kickoff"
        copyLabel="human-input webhook URL for this kickoff"
        idSuffix="-kickoff"
      />
    </section>
  );
}
