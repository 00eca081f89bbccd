import { Annotation, END, interrupt, START, StateGraph } from '@langchain/langgraph';

/** A legacy graph written for Agent Inbox: one `HumanInterrupt`, answered with a `HumanResponse` list. */
const State = Annotation.Root({
  to: Annotation<string>,
  outcome: Annotation<string>,
});

type HumanResponse = { type: 'accept' | 'edit' | 'response' | 'ignore'; args: unknown };

function review(state: typeof State.State) {
  const [answer] = interrupt<unknown, HumanResponse[]>([
    {
      action_request: { action: 'wire_money', args: { to: state.to, amount: 100 } },
      config: { allow_accept: true, allow_edit: true, allow_respond: true, allow_ignore: true },
      description: 'Wire money to a supplier',
    },
  ]);
  switch (answer?.type) {
    case 'accept':
      return { outcome: `wired 100 to ${state.to}` };
    case 'edit': {
      const edited = answer.args as { action: string; args: { to: string; amount: number } };
      // A supplier the graph does not know fails the run, as a tool error would.
      if (edited.args.to === 'nobody') throw new Error(`No supplier named ${edited.args.to}`);
      return { outcome: `wired ${edited.args.amount} to ${edited.args.to}` };
    }
    case 'response':
      return { outcome: `refused: ${String(answer.args)}` };
    default:
      return { outcome: 'ignored' };
  }
}

export const graph = new StateGraph(State)
  .addNode('review', review)
  .addEdge(START, 'review')
  .addEdge('review', END)
  .compile();
