import { isDeepStrictEqual } from 'node:util';

/** An answer Countersign acknowledged with 200, and what the platform should end up with because of it. */
export type AckedAnswer = {
  requestId: string;
  gateId: string;
  ackedAt: number;
  expectedBody: unknown;
  expectedGateStatus: 'allowed' | 'denied';
};

/** One answer call as the platform fake recorded it. */
export type AnswerCall = { gateId: string; at: number; replyStatus: number; body: unknown };

export type Tally = {
  answers: number;
  /** Answers the platform applied exactly once, with the body Countersign should have sent. */
  deliveredOnce: number;
  /** Acknowledged answers the platform never applied. */
  losses: string[];
  /** Calls for an answer the platform already had, sent by the same server process as the call before. */
  duplicates: string[];
  /** The first accepted call for a gate carried another body than the acknowledged answer. */
  wrongBodies: string[];
  /** Calls sent again after a crash left the first in doubt, and how the platform answered them. */
  resentAfterCrash: { accepted: number; refused: number };
  /** Sum over kills of answers acknowledged before the kill and applied by the platform only after it. */
  pendingAtKills: number;
};

const sendLagMs = 200;

const accepted = (call: AnswerCall) => call.replyStatus >= 200 && call.replyStatus < 300;

/**
 * What the platform actually applied for each acknowledged answer. A call after the first accepted one is
 * only legitimate when a restarted process sent it: the killed one could not record whether its attempt had
 * arrived. The same process sending twice is a duplicate.
 */
export function tallyDeliveries(
  acked: readonly AckedAnswer[],
  calls: readonly AnswerCall[],
  gateStatus: (gateId: string) => string | undefined,
  kills: readonly number[],
): Tally {
  const tally: Tally = {
    answers: acked.length,
    deliveredOnce: 0,
    losses: [],
    duplicates: [],
    wrongBodies: [],
    resentAfterCrash: { accepted: 0, refused: 0 },
    pendingAtKills: 0,
  };
  const byGate = new Map<string, AnswerCall[]>();
  for (const call of calls) {
    byGate.set(call.gateId, [...(byGate.get(call.gateId) ?? []), call]);
  }
  // The server process that sent a call: the fake sees a call a little after the server sent it, so a call
  // arriving just after a kill came from the process that was killed (a restart takes far longer).
  const processAt = (at: number) => kills.filter((k) => k < at - sendLagMs).length;
  const killedBetween = (from: number, to: number) => processAt(to) > processAt(from);

  for (const answer of acked) {
    const gateCalls = (byGate.get(answer.gateId) ?? []).sort((a, b) => a.at - b.at);
    const firstAccepted = gateCalls.findIndex(accepted);
    if (firstAccepted === -1 || gateStatus(answer.gateId) !== answer.expectedGateStatus) {
      tally.losses.push(answer.requestId);
      continue;
    }
    const applied = gateCalls[firstAccepted]!;
    if (!isDeepStrictEqual(applied.body, answer.expectedBody)) {
      tally.wrongBodies.push(answer.requestId);
    }
    tally.pendingAtKills += kills.filter((k) => k > answer.ackedAt && k < applied.at).length;
    let doubled = false;
    for (let i = firstAccepted + 1; i < gateCalls.length; i += 1) {
      const call = gateCalls[i]!;
      if (!killedBetween(gateCalls[i - 1]!.at, call.at)) doubled = true;
      else if (accepted(call)) tally.resentAfterCrash.accepted += 1;
      else tally.resentAfterCrash.refused += 1;
    }
    if (doubled) tally.duplicates.push(answer.requestId);
    else tally.deliveredOnce += 1;
  }
  return tally;
}
