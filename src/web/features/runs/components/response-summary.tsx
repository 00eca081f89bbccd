import {
  optionLabel,
  type Request,
  type RequestKind,
  type ResponseFor,
  responseSchemas,
} from '../../../../shared/requests';
import { diffJson } from '../../../../shared/json-diff';
import { describeMatch } from '../../../../shared/rule-match';
import { nameList } from './countersign-progress';
import { InputDiff } from './input-diff';
import { JsonBlock } from './json-block';

/** Who answered, readably: a username, or the rule that approved it. */
export function describeAnswerer(answeredBy: string | null): string {
  if (!answeredBy) return 'someone';
  return answeredBy.startsWith('rule:') ? `rule ${answeredBy.slice(5)}` : answeredBy;
}

function parse<K extends RequestKind>(kind: K, response: unknown): ResponseFor<K> | null {
  const parsed = responseSchemas[kind].safeParse(response);
  return parsed.success ? (parsed.data as ResponseFor<K>) : null;
}

const text = 'whitespace-pre-wrap break-words';

function Said({ label, value }: { label: string; value: string | undefined }) {
  if (!value) return null;
  return (
    <p className={text}>
      <span className="font-medium">{label}: </span>
      {value}
    </p>
  );
}

function Pairs({ pairs }: { pairs: [string, string][] }) {
  return (
    <dl className="grid gap-x-4 gap-y-1 sm:grid-cols-[minmax(0,14rem)_1fr]">
      {pairs.map(([term, value], index) => (
        <div key={index} className="contents">
          <dt className="font-medium break-words">{term}</dt>
          <dd className={text}>{value || '—'}</dd>
        </div>
      ))}
    </dl>
  );
}

function summary(request: Request, response: unknown): React.ReactNode {
  switch (request.kind) {
    case 'questions': {
      const r = parse('questions', response);
      if (!r) return null;
      const questionText = (id: string) => request.questions.find((q) => q.id === id)?.text ?? id;
      return <Pairs pairs={r.answers.map((a) => [questionText(a.questionId), a.value])} />;
    }
    case 'tool': {
      const r = parse('tool', response);
      if (!r) return null;
      const reason = r.denyOption ? `: ${optionLabel(request.denyOptions, r.denyOption)}` : '';
      const verdict = r.decision === 'approve' ? 'Approved' : `Denied${reason}`;
      const pins = describeMatch(r.rememberScope?.match ?? null);
      const whom = r.rememberScope?.customer === null ? 'for every customer' : 'for this customer';
      const changes = r.input ? diffJson(request.input, r.input) : [];
      return (
        <>
          <p className="font-medium">
            {verdict}
            {changes.length ? ' with an edited input' : ''}
            {r.remember ? `, and remembered ${whom}${pins ? ` where ${pins}` : ''}` : ''}
          </p>
          {changes.length > 0 && <InputDiff changes={changes} label="What the reviewer changed" />}
          {r.approvals && r.approvals.length > 0 && (
            <>
              <p>Approved by {nameList(r.approvals.map((a) => a.by))}</p>
              {r.approvals
                .filter((a) => a.note)
                .map((a) => (
                  <Said key={a.by} label={`Note from ${a.by}`} value={a.note} />
                ))}
            </>
          )}
          <Said label="Note" value={r.note} />
        </>
      );
    }
    case 'plan': {
      const r = parse('plan', response);
      if (!r) return null;
      if (r.decision === 'approve') return <p className="font-medium">Approved the plan</p>;
      return <Said label="Requested changes" value={r.feedback} />;
    }
    case 'review': {
      const r = parse('review', response);
      if (!r) return null;
      if (r.decision === 'reject') return <Said label="Sent back" value={r.feedback} />;
      return (
        <>
          <p className="font-medium">Approved</p>
          <Said label="Feedback" value={r.feedback} />
        </>
      );
    }
    case 'message': {
      const r = parse('message', response);
      if (!r) return null;
      if ('text' in r) {
        return (
          <>
            {r.option && <Said label="Picked" value={optionLabel(request.options, r.option)} />}
            <p className={text}>{r.text}</p>
          </>
        );
      }
      const label = (name: string) => request.fields?.find((f) => f.name === name)?.label ?? name;
      return (
        <Pairs pairs={Object.entries(r.fields).map(([name, value]) => [label(name), value])} />
      );
    }
    case 'takeover': {
      const r = parse('takeover', response);
      if (!r) return null;
      if (r.decision === 'stop') return <p className="font-medium">Stopped the run</p>;
      return (
        <>
          <p className="font-medium">Handed back to the agent</p>
          <Said label="Follow-up" value={r.followUp} />
        </>
      );
    }
  }
}

type ResponseSummaryProps = { request: Request; response: unknown };

/** An answer to `request` in words; anything that does not fit the kind's shape is shown as JSON. */
export function ResponseSummary({ request, response }: ResponseSummaryProps) {
  const content = summary(request, response);
  return <div className="space-y-1 text-sm">{content ?? <JsonBlock value={response} />}</div>;
}
